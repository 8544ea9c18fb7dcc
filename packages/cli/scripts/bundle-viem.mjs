// Bundles dist/lib/viem.js (tsc's output, re-exports from viem) into one self-contained file: see src/lib/viem.ts.
// Run by `npm run build` (root and this package) after `tsc -b`.
import { build } from "esbuild";

const file = new URL("../dist/lib/viem.js", import.meta.url).pathname;
await build({
  entryPoints: [file],
  outfile: file,
  allowOverwrite: true,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node22",
  sourcemap: true,
  logLevel: "warning",
});
