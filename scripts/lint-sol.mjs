#!/usr/bin/env node
// Lints and formats the Solidity sources: solhint (.solhint.json) and prettier-plugin-solidity (.prettierrc).
//
//   node scripts/lint-sol.mjs           check: solhint, then `prettier --check`
//   node scripts/lint-sol.mjs --write   format: `prettier --write`, then solhint
//
// Exits 0 with a note when there is no .sol file yet (both tools fail on an empty glob).
import { spawnSync } from "node:child_process";
import { globSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const patterns = ["contracts/**/*.sol", "test/**/*.sol"];
const write = process.argv.includes("--write");

const files = globSync(patterns, { cwd: root, exclude: (name) => name === "node_modules" }).sort();
if (files.length === 0) {
  console.log(`lint-sol: no Solidity files match ${patterns.join(", ")}; nothing to do.`);
  process.exit(0);
}

function run(tool, args) {
  const bin = join(root, "node_modules", ".bin", tool);
  const { status, error } = spawnSync(bin, args, { cwd: root, stdio: "inherit" });
  if (error) {
    console.error(`lint-sol: cannot run ${tool} (${error.message}); run \`npm install\` first.`);
    return false;
  }
  return status === 0;
}

const prettierArgs = [write ? "--write" : "--check", "--log-level", write ? "warn" : "log", ...files];
const solhintArgs = ["--disc", "--noPoster", ...files];

const ok = write
  ? [run("prettier", prettierArgs), run("solhint", solhintArgs)]
  : [run("solhint", solhintArgs), run("prettier", prettierArgs)];
if (ok.includes(false)) {
  if (!write) console.error("lint-sol: failed. `npm run format` fixes formatting; solhint errors need a code change.");
  process.exit(1);
}
