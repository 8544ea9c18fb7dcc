import type { Command } from "../lib/command.js";

export const account: Command = { name: "account", summary: "todo", usage: "cairn account", examples: [], async run() {} };
