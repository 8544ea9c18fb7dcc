import type { Command } from "../lib/command.js";

export const claimCommand: Command = { name: "claim", summary: "todo", usage: "cairn claim", examples: [], async run() {} };
