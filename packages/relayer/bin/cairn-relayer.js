#!/usr/bin/env node
// The `cairn-relayer` command: checks the Node version first (in syntax any Node parses), then runs the built relayer.
import module from "node:module";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `cairn-relayer needs Node.js 22.13 or newer, this is ${process.version}: install Node 22 LTS (e.g. \`nvm install 22\`) and run it again.\n`,
  );
  process.exit(1);
}
module.enableCompileCache?.();
await import("../dist/main.js");
