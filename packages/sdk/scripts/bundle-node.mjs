// Bundles tsc's dist/ into dist/node/ for Node: the `node` condition of `@cairn/sdk` and `@cairn/sdk/browser`.
// A Node process then loads a handful of files instead of ~150 modules (each resolved, read and linked on its
// own), which halves `import("@cairn/sdk")`. Both entries share their chunks, so a process importing both gets
// one copy of every class. Bundlers and browsers keep the per-module dist/ (tree-shaken by the app's bundler).
// Dependencies stay external, except the small pure helpers every import evaluates (ox's Hex/Bytes/Value, @noble's
// keccak, valibot): inlined, tree-shaken, they cost one module record instead of dozens (about 1.5 MiB of RSS).
// Nothing of theirs is compared by identity across packages (valibot schemas run through their own `~run`).
// Source maps lead back to src/. Run by `npm run build` after `tsc -b`.
import { rmSync } from "node:fs";
import { build } from "esbuild";

/** Bare imports inlined into the bundle; every other package stays an import of the installed dependency. */
const inlined = [/^ox(\/|$)/, /^@noble\//, /^valibot$/];

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
  plugins: [
    {
      name: "external-but-small-helpers",
      setup(b) {
        b.onResolve({ filter: /^[^./#]/ }, ({ path }) =>
          inlined.some((pattern) => pattern.test(path)) ? undefined : { path, external: true },
        );
      },
    },
  ],
  sourcemap: true,
  // Whitespace and syntax only (names kept for stack traces): the source V8 keeps for lazy compilation is smaller.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
});
