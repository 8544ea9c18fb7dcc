import type { Command } from "../lib/command.js";

export const verifyCommand: Command = { name: "verify", summary: "todo", usage: "cairn verify", examples: [], async run() {} };
