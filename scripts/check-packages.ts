/**
 * Checks the three packages as a user outside this repository gets them (`npm run check:packages`, a CI phase):
 *
 * 1. `npm pack` each package; `publint` and `@arethetypeswrong/cli` on each.
 * 2. Serves the tarballs as the `@cairn` scope of a local npm registry (every other package comes from the
 *    public registry, as for a user), and in a temporary project outside the workspace:
 *    (a) a plain Node ESM script imports `@cairn/sdk`, hashes bytes and signs a contribution;
 *    (b) a TypeScript file using the SDK type-checks under `strict`, with `moduleResolution` "bundler" and
 *        "node16", and a Node-only `lib` (no "dom");
 *    (c) esbuild and Vite bundle `@cairn/sdk/browser` for the browser with no `external` setting, and the
 *        esbuild bundle hashes bytes in headless Chromium;
 *    (d) `npx cairn --help` and `npx cairn-relayer --help` work.
 * 3. `npm install -g` of the CLI puts `cairn` on PATH; it runs from any folder.
 *
 * Needs the packages built (`npm run build`). Set CAIRN_KEEP_TMP=1 to keep the temporary folder.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const consumerScript = `import { contributionDomain, contributionTypes, hashBytes, signContribution } from "@cairn/sdk";
import { CID } from "multiformats/cid";
import { bytesToHex, verifyTypedData } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

const bytes = new TextEncoder().encode("Haba na haba hujaza kibaba.\\n");
const { sha256, cid, size } = await hashBytes(bytes);
console.log(\`sha256 \${sha256} cid \${cid} size \${size}\`);
const account = privateKeyToAccount(generatePrivateKey());
const registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const termsHash = "0x${"11".repeat(32)}";
const signed = await signContribution(account, {
  item: { datasetId: 1n, contentHash: sha256, cid, size: BigInt(size) },
  chainId: 31337,
  registry,
  termsHash,
});
const valid = await verifyTypedData({
  address: account.address,
  domain: contributionDomain(31337, registry),
  types: contributionTypes,
  primaryType: "Contribution",
  message: {
    datasetId: 1n,
    contentHash: sha256,
    cid: bytesToHex(CID.parse(cid).bytes),
    size: BigInt(size),
    metadataCid: "0x",
    termsHash,
    deadline: signed.deadline,
  },
  signature: signed.signature,
});
console.log(\`signature valid: \${valid && signed.contributor === account.address}\`);
`;

const typedConsumer = `import {
  type ContentHash,
  type DatasetManifest,
  hashBytes,
  type SignedContribution,
  signContribution,
  validateManifest,
} from "@cairn/sdk";
import { hashStream } from "@cairn/sdk/browser";
import { privateKeyToAccount } from "viem/accounts";

const manifest: DatasetManifest = validateManifest({
  schema: "cairn.manifest/1",
  name: "Proverbs",
  description: "Proverbs and their meaning.",
  language: "sw",
  license: "CC-BY-4.0",
  items: { kind: "text" },
  guidelines: "One proverb per file.",
  terms: "I may share this under CC-BY-4.0.",
});
const hashed: ContentHash = await hashBytes(new Uint8Array([1, 2, 3]));
const streamed: ContentHash = await hashStream([new Uint8Array([1, 2, 3])]);
const signed: SignedContribution = await signContribution(privateKeyToAccount(\`0x\${"11".repeat(32)}\`), {
  item: { datasetId: 1n, contentHash: hashed.sha256, cid: hashed.cid, size: BigInt(hashed.size) },
  chainId: 1,
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  termsHash: \`0x\${"00".repeat(32)}\`,
});
// @ts-expect-error a size is a bigint, not a string
const wrong: SignedContribution = { ...signed, size: "3" };
console.log(manifest.name, streamed.cid, signed.signature, wrong);
`;

const browserScript = `import { hashBytes } from "@cairn/sdk/browser";

const { sha256 } = await hashBytes(new TextEncoder().encode("Haba na haba hujaza kibaba.\\n"));
document.body.textContent = \`sha256 \${sha256}\`;
`;

const root = resolve(import.meta.dirname, "..");
const workspaces = ["packages/sdk", "packages/cli", "packages/relayer"];
const started = Date.now();
const step = (what: string) => console.log(`\n[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);

/**
 * Runs a command, echoing it; throws with its output when it fails. Asynchronous: the local registry
 * below answers npm from this same process.
 */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; echo?: boolean },
): Promise<{ code: number | null; out: string; stdout: string }> {
  console.log(`$ ${[command, ...args].join(" ")}${options.cwd === root ? "" : `   (in ${options.cwd})`}`);
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let out = "";
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      out += d;
      if (options.echo) process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      out += d;
      if (options.echo) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => resolveRun({ code, out, stdout }));
  });
}

/** {@link run}, which must succeed; returns its standard output. */
async function ok(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; echo?: boolean }) {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.code}\n${result.out}`);
  return result.stdout;
}

/** The version this repository's lockfile installed, so the consumer tests with the same tools. */
const installed = (name: string) =>
  (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

const tmp = mkdtempSync(join(tmpdir(), "cairn-packages-"));
assert.ok(!tmp.startsWith(root), "the consumer project must live outside the workspace");
let registry: Server | undefined;

try {
  step("build and pack");
  await ok("npx", ["tsc", "-b", "tsconfig.build.json"], { cwd: root });
  const tarballs = join(tmp, "tarballs");
  mkdirSync(tarballs);
  const packed = JSON.parse(
    await ok("npm", ["pack", "--json", "--pack-destination", tarballs, ...workspaces.flatMap((w) => ["-w", w])], {
      cwd: root,
    }),
  ) as { name: string; version: string; filename: string; files: { path: string }[] }[];
  for (const p of packed) {
    const paths = p.files.map((f) => f.path);
    console.log(`${p.name}@${p.version}: ${p.filename}, ${paths.length} files`);
    assert.ok(paths.includes("dist/index.js") || paths.includes("dist/main.js"), `${p.name}: no built JavaScript`);
    assert.ok(!paths.some((f) => f.includes("tsbuildinfo") || f.startsWith("test/")), `${p.name}: packs build noise`);
  }

  step("publint and @arethetypeswrong/cli");
  for (const w of workspaces) {
    await ok("npx", ["publint", "--strict", w], { cwd: root, echo: true });
    const { name } = JSON.parse(readFileSync(join(root, w, "package.json"), "utf8")) as { name: string };
    const tarball = join(tarballs, packed.find((p) => p.name === name)?.filename as string);
    // ES modules only (engines: Node >= 22.13), so the CommonJS and node10 resolutions are out of scope.
    await ok("npx", ["attw", tarball, "--profile", "esm-only"], { cwd: root, echo: true });
  }

  step("a local registry for the @cairn scope");
  const url = await serveRegistry(
    packed.map((p) => ({ name: p.name, version: p.version, file: join(tarballs, p.filename) })),
  );
  const npmrc = `@cairn:registry=${url}\n`;

  step("a consumer project outside the workspace installs the packages");
  const app = join(tmp, "app");
  mkdirSync(join(app, "src"), { recursive: true });
  writeFileSync(join(app, ".npmrc"), npmrc);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify(
      {
        name: "consumer",
        private: true,
        type: "module",
        dependencies: Object.fromEntries([
          ...packed.map((p) => [p.name, p.version]),
          ["viem", installed("viem")],
          ["multiformats", installed("multiformats")],
        ]),
        devDependencies: {
          "@types/node": installed("@types/node"),
          esbuild: installed("esbuild"),
          typescript: installed("typescript"),
          vite: "8.3.8",
        },
      },
      null,
      2,
    ),
  );
  await ok("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: app, echo: true });

  step("(a) plain Node ESM: import @cairn/sdk, hash bytes, sign a contribution");
  writeFileSync(join(app, "index.mjs"), consumerScript);
  const out = await ok(process.execPath, ["index.mjs"], { cwd: app });
  const bytes = new TextEncoder().encode("Haba na haba hujaza kibaba.\n");
  assert.match(out, new RegExp(`sha256 0x${createHash("sha256").update(bytes).digest("hex")}`));
  assert.match(out, /signature valid: true/);

  step("(b) tsc --noEmit, strict, Node-only lib: moduleResolution bundler and node16");
  writeFileSync(join(app, "src", "check.ts"), typedConsumer);
  for (const [module, moduleResolution] of [
    ["esnext", "bundler"],
    ["node16", "node16"],
  ]) {
    const config = `tsconfig.${moduleResolution}.json`;
    writeFileSync(
      join(app, config),
      JSON.stringify({
        compilerOptions: {
          target: "es2022",
          module,
          moduleResolution,
          lib: ["es2023"],
          types: ["node"],
          strict: true,
          noEmit: true,
          // As `tsc --init` sets it: viem's and libp2p's own .d.ts name DOM types (CryptoKey, JsonWebKey) that a
          // Node-only lib lacks. The file below is still checked against the SDK's types, which resolve.
          skipLibCheck: true,
        },
        files: ["src/check.ts"],
      }),
    );
    await ok("npx", ["tsc", "-p", config], { cwd: app, echo: true });
  }

  step("(c) esbuild and Vite bundle @cairn/sdk/browser for the browser, with no external");
  writeFileSync(join(app, "src", "browser.js"), browserScript);
  writeFileSync(
    join(app, "index.html"),
    '<!doctype html><title>cairn</title><script type="module" src="/src/browser.js"></script>\n',
  );
  await ok(
    "npx",
    ["esbuild", "src/browser.js", "--bundle", "--platform=browser", "--format=esm", "--outfile=esbuild/bundle.js"],
    { cwd: app, echo: true },
  );
  await ok("npx", ["vite", "build", "--outDir", "vite-dist", "--logLevel", "warn"], { cwd: app, echo: true });
  const bundles = [
    join(app, "esbuild", "bundle.js"),
    ...readdirSync(join(app, "vite-dist", "assets")).map((f) => join(app, "vite-dist", "assets", f)),
  ];
  for (const file of bundles.filter((f) => f.endsWith(".js"))) {
    assert.doesNotMatch(readFileSync(file, "utf8"), /["'`]node:/, `${file} still imports a Node module`);
  }
  const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((c) => existsSync(c));
  if (chromium) {
    writeFileSync(
      join(app, "esbuild", "index.html"),
      '<!doctype html><script type="module" src="bundle.js"></script>\n',
    );
    const page = await servePage(join(app, "esbuild"));
    try {
      const dom = await ok(
        chromium,
        ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom", page.url],
        { cwd: app },
      );
      assert.match(dom, new RegExp(`sha256 0x${createHash("sha256").update(bytes).digest("hex")}`), dom);
      console.log("headless Chromium ran the esbuild bundle: hashBytes gives the sha256 of the bytes");
    } finally {
      page.server.close();
    }
  } else if (process.env.CI === "true") {
    throw new Error("chromium is missing: CI installs it (APT_PACKAGES)");
  }

  step("(d) npx cairn --help, npx cairn-relayer --help");
  assert.match(await ok("npx", ["cairn", "--help"], { cwd: app }), /Usage:\s+cairn <command>/);
  assert.match(await ok("npx", ["cairn-relayer", "--help"], { cwd: app }), /Usage: cairn-relayer/);

  step("npm install -g: cairn on PATH, from any folder");
  const prefix = join(tmp, "global");
  const elsewhere = join(tmp, "elsewhere");
  mkdirSync(elsewhere);
  // The CLI's tarball, as the issue's user installs it; its @cairn/sdk dependency comes from the scope's registry
  // (a global install reads no project .npmrc, so the scope is set on the command line).
  const cliTarball = join(tarballs, packed.find((p) => p.name === "@cairn/cli")?.filename as string);
  const global = ["install", "-g", "--prefix", prefix, `--@cairn:registry=${url}`, "--no-audit", "--no-fund"];
  await ok("npm", [...global, "--prefer-offline", cliTarball], { cwd: elsewhere, echo: true });
  const env = { ...process.env, PATH: `${join(prefix, "bin")}:${process.env.PATH}` };
  assert.match(await ok("cairn", ["--help"], { cwd: elsewhere, env }), /Usage:\s+cairn <command>/);
  const status = await run("cairn", ["status", "--rpc", "not a url"], { cwd: elsewhere, env });
  assert.equal(status.code, 1, `a malformed --rpc is a usage error:\n${status.out}`);

  step(`all package checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  registry?.close();
  if (process.env.CAIRN_KEEP_TMP === "1") console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}

/** Serves packuments and tarballs for the packed packages: npm asks it for the `@cairn` scope only. */
function serveRegistry(packages: { name: string; version: string; file: string }[]): Promise<string> {
  return new Promise((resolveUrl) => {
    const server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname).slice(1);
      const tarball = packages.find((p) => path === `tarballs/${p.file.split("/").pop()}`);
      if (tarball) {
        response.writeHead(200, { "content-type": "application/octet-stream" });
        response.end(readFileSync(tarball.file));
        return;
      }
      const versions = packages.filter((p) => p.name === path);
      if (versions.length === 0) {
        response.writeHead(404, { "content-type": "application/json" });
        response.end('{"error":"not found"}');
        return;
      }
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const packument = {
        name: path,
        "dist-tags": { latest: versions.at(-1)?.version },
        versions: Object.fromEntries(
          versions.map((p) => {
            const bytes = readFileSync(p.file);
            const manifest = JSON.parse(
              readFileSync(join(root, workspaces[packed(p.name)] as string, "package.json"), "utf8"),
            );
            return [
              p.version,
              {
                ...manifest,
                dist: {
                  tarball: `${base}/tarballs/${p.file.split("/").pop()}`,
                  shasum: createHash("sha1").update(bytes).digest("hex"),
                  integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
                },
              },
            ];
          }),
        ),
      };
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(packument));
    });
    registry = server;
    server.listen(0, "127.0.0.1", () => resolveUrl(`http://127.0.0.1:${(server.address() as { port: number }).port}/`));
  });

  function packed(name: string): number {
    return ["@cairn/sdk", "@cairn/cli", "@cairn/relayer"].indexOf(name);
  }
}

/** Serves a folder's files (the bundle and its page) to the browser. */
function servePage(dir: string): Promise<{ url: string; server: Server }> {
  return new Promise((resolveUrl) => {
    const server = createServer((request, response) => {
      const name = new URL(request.url ?? "/", "http://x").pathname.slice(1) || "index.html";
      const file = join(dir, name);
      if (!file.startsWith(dir) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      const type = file.endsWith(".html") ? "text/html" : "text/javascript";
      response.writeHead(200, { "content-type": type }).end(readFileSync(file));
    });
    server.listen(0, "127.0.0.1", () =>
      resolveUrl({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server }),
    );
  });
}
