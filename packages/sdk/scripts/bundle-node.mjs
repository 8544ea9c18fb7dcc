// Bundles tsc's dist/ into dist/node/ for Node: the `node` condition of `@cairn/sdk` and `@cairn/sdk/browser`.
// A Node process then loads a handful of files instead of ~150 modules (each resolved, read and linked on its
// own), which halves `import("@cairn/sdk")`. Both entries share their chunks, so a process importing both gets
// one copy of every class. Bundlers and browsers keep the per-module dist/ (tree-shaken by the app's bundler).
// Dependencies stay external; source maps lead back to src/. Run by `npm run build` after `tsc -b`.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const dist = new URL("../dist/", import.meta.url).pathname;
rmSync(`${dist}node`, { recursive: true, force: true });
await build({
  entryPoints: [`${dist}index.js`, `${dist}browser.js`],
  outdir: `${dist}node`,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  packages: "external",
  sourcemap: true,
  // Whitespace and syntax only (names kept for stack traces): the source V8 keeps for lazy compilation is smaller.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
});
