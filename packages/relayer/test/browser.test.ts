/**
 * `relay()` from a real browser page on another origin: headless Chromium loads a page that bundles
 * `@cairn/sdk/browser` (esbuild) and relays a signed contribution. From an allowed origin the browser's
 * preflight is answered and the page reads the keys; from any other origin the browser itself refuses.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { toRelayJson, waitForRelayed } from "@cairn/sdk";
import { build } from "esbuild";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { signItems, startTestChain, type TestChain } from "./helpers/chain.js";
import { startTestRelayer } from "./helpers/relayer.js";

const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((c) => existsSync(c));

const page = `
import { relay } from "@cairn/sdk/browser";
const q = new URLSearchParams(location.search);
const items = JSON.parse(q.get("items")).map((i) => ({
  ...i,
  datasetId: BigInt(i.datasetId),
  size: BigInt(i.size),
  deadline: BigInt(i.deadline),
}));
try {
  const { keys } = await relay(q.get("relayer"), { items });
  document.body.textContent = "relayed " + keys.join(",");
} catch (e) {
  document.body.textContent = "refused " + (e.code ?? e.name);
}
`;

/** Serves the page's folder on its own origin (an ephemeral port on loopback). */
function serve(dir: string): Promise<{ origin: string; server: Server }> {
  return new Promise((resolve) => {
    const server = createServer((request, response) => {
      const name = new URL(request.url ?? "/", "http://x").pathname.slice(1) || "index.html";
      if (name !== "index.html" && name !== "bundle.js") return void response.writeHead(404).end();
      const type = name.endsWith(".html") ? "text/html" : "text/javascript";
      response.writeHead(200, { "content-type": type }).end(readFileSync(join(dir, name)));
    });
    server.listen(0, "127.0.0.1", () =>
      resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    );
  });
}

describe("relay() from a browser page on another origin (headless Chromium)", async () => {
  let chain: TestChain;
  let relayer: Awaited<ReturnType<typeof startTestRelayer>>;
  let allowed: { origin: string; server: Server };
  let other: { origin: string; server: Server };
  let dataset: { datasetId: bigint; termsHash: Hex };

  before(async () => {
    if (!chromium) return;
    const dir = mkdtempSync(join(tmpdir(), "cairn-relay-page-"));
    await build({
      stdin: { contents: page, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "js" },
      bundle: true,
      platform: "browser",
      format: "esm",
      outfile: join(dir, "bundle.js"),
      logLevel: "error",
    });
    writeFileSync(
      join(dir, "index.html"),
      '<!doctype html><body>loading</body><script type="module" src="bundle.js"></script>\n',
    );
    allowed = await serve(dir);
    other = await serve(dir);
    chain = await startTestChain();
    dataset = await chain.createDataset();
    relayer = await startTestRelayer(chain, { corsOrigins: [allowed.origin] });
  });
  after(async () => {
    await relayer?.close();
    await chain?.close();
    allowed?.server.close();
    other?.server.close();
  });

  const open = async (origin: string) => {
    const items = await signItems(chain, privateKeyToAccount(generatePrivateKey()), { ...dataset, count: 2 });
    const query = new URLSearchParams({ relayer: relayer.url, items: JSON.stringify(items.map(toRelayJson)) });
    const { stdout } = await promisify(execFile)(
      chromium as string,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--virtual-time-budget=15000",
        "--dump-dom",
        `${origin}/?${query}`,
      ],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout;
  };

  it("relays from an allowed origin: the page reads the keys, and the items are included", async (t) => {
    if (!chromium) {
      if (process.env.CI === "true") assert.fail("chromium is missing: CI installs it (APT_PACKAGES)");
      return t.skip("chromium is not installed");
    }
    const dom = await open(allowed.origin);
    const m = /relayed (0x[0-9a-f]{64}),(0x[0-9a-f]{64})/.exec(dom);
    assert.ok(m, dom);
    for (const key of [m[1], m[2]] as Hex[])
      assert.equal((await waitForRelayed(relayer.url, key, { intervalMs: 50 })).status, "included");
  });

  it("is refused by the browser on an origin the relayer does not allow", async (t) => {
    if (!chromium) {
      if (process.env.CI === "true") assert.fail("chromium is missing: CI installs it (APT_PACKAGES)");
      return t.skip("chromium is not installed");
    }
    const dom = await open(other.origin);
    assert.match(dom, /refused unreachable/, dom);
    assert.equal(await relayer.store.unsettledCount(), 0, "the preflight failed: nothing was posted");
  });
});
