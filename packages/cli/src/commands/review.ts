import type { Command } from "../lib/command.js";

export const reviewCommand: Command = { name: "review", summary: "todo", usage: "cairn review", examples: [], async run() {} };
