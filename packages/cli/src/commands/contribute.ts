import type { Command } from "../lib/command.js";

export const contributeCommand: Command = { name: "contribute", summary: "todo", usage: "cairn contribute", examples: [], async run() {} };
