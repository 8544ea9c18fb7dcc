import type { Command } from "../lib/command.js";

export const rewardsCommand: Command = { name: "rewards", summary: "todo", usage: "cairn rewards", examples: [], async run() {} };
