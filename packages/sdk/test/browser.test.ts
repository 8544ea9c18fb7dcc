import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));
const exportedNames = (source: string) =>
  new Set(
    [...source.matchAll(/export[^;]*?\{([^}]*)\}[^;]*;/gs)].flatMap((m) =>
      m[1]
        .split(",")
        .map((n) => n.trim().replace(/^type /, ""))
        .filter(Boolean),
    ),
  );

/** What only Node can run, and why the browser entry leaves it out. */
const nodeOnly = [
  "hashFile",
  "HashFileErrorType",
  "HashFileOptions",
  "HashFileReturnType", // reads files
  "createHeliaStore",
  "CreateHeliaStoreParameters",
  "HeliaStore", // embedded node on disk
  "createKuboStore",
  "CreateKuboStoreParameters",
  "KuboStore", // kubo-rpc-client
  "createReplicatedStore",
  "ReplicateParameters",
  "replicate",
  "exportDataset",
  "ExportDatasetParameters",
  "ProvenanceRecord", // writes a folder
  "deployCairn",
  "deployTestToken",
  "DeployCairnReturnType",
  "deployGovernance",
  "DeployGovernanceParameters",
  "DeployGovernanceReturnType",
  "deployReleases",
  "DeployReleasesReturnType",
  "deployReviewerPool",
  "DeployReviewerPoolReturnType", // deployment ships bytecode: Node tooling, like the other deploy actions
  "exportRelease",
  "ExportFormat",
  "ExportReleaseParameters",
  "ExportReleaseReturnType",
];

test("the browser entry bundles for browsers with no Node module in its graph (no external needed)", async () => {
  const result = await build({
    entryPoints: [src("browser.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    // package.json `imports` maps #sdk-platform to the built dist/platform/browser.js; here, its source.
    plugins: [
      {
        name: "sdk-platform-source",
        setup(b) {
          b.onResolve({ filter: /^#sdk-platform$/ }, () => ({ path: src("platform/browser.ts") }));
        },
      },
    ],
  });
  const code = result.outputFiles[0].text;
  assert.doesNotMatch(code, /["'`]node:/, "a Node module in the bundle would break the page");
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((f) => f.endsWith("platform/browser.ts")));
  assert.ok(!inputs.some((f) => f.endsWith("platform/node.ts") || f.endsWith("sha256-worker.ts")), inputs.join("\n"));
  assert.match(code, /hashBytes/);
});

test("the Node entry adds only what needs Node to the browser entry", async () => {
  const index = await readFile(src("index.ts"), "utf8");
  assert.match(index, /export \* from "\.\/browser\.js";/);
  const nodeAdds = [...exportedNames(index)].filter((name) => !nodeOnly.includes(name));
  assert.deepEqual(nodeAdds, [], "these run in browsers too: export them from src/browser.ts instead");
  const browser = exportedNames(await readFile(src("browser.ts"), "utf8"));
  for (const name of nodeOnly) assert.ok(!browser.has(name), `${name} needs Node`);
});
