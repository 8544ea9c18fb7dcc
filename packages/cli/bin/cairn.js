#!/usr/bin/env node
// The `cairn` command: checks the Node version first (in syntax any Node parses), then runs the built CLI.
import module from "node:module";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `cairn needs Node.js 22.13 or newer, this is ${process.version}: install Node 22 LTS (e.g. \`nvm install 22\`) and run it again.\n`,
  );
  process.exit(1);
}
// V8's on-disk code cache: later runs parse and compile the dependency graph much faster.
module.enableCompileCache?.();
await import("../dist/main.js");
