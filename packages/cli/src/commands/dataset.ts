import type { Command } from "../lib/command.js";

export const dataset: Command = { name: "dataset", summary: "todo", usage: "cairn dataset", examples: [], async run() {} };
