import type { Command } from "../lib/command.js";

export const exportCommand: Command = { name: "export", summary: "todo", usage: "cairn export", examples: [], async run() {} };
