import type { Command } from "../lib/command.js";

export const fundCommand: Command = { name: "fund", summary: "todo", usage: "cairn fund", examples: [], async run() {} };
