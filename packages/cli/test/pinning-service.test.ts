import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CID } from "multiformats/cid";
import { startPinningServer } from "../../sdk/test/utils/pinning-server.js";
import { cairn, devKeys, finished, freePort, json, startDev } from "./helpers.js";

/** The command's report: the first JSON document on stdout (an error document follows when it exits 1). */
const firstJson = (stdout: string) => JSON.parse(stdout.slice(0, stdout.indexOf("\n}\n") + 2));

/**
 * `--pin psa:<endpoint>` and `--store psa:<endpoint>` against a real Pinning Service API server (backed by its own
 * Helia node, fetching over bitswap from the command's node): the token from the environment or the user's
 * pinning file, never the command line; a refused token and a wrong endpoint say so.
 */
describe("cairn with a pinning service (psa:<endpoint>)", { timeout: 600_000, concurrency: false }, () => {
  let dir: string;
  let dev: ChildProcess;
  let server: Awaited<ReturnType<typeof startPinningServer>>;
  let datasetId: string;
  let cids: string[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    cwd: dir,
    env: {
      CAIRN_PRIVATE_KEY: devKeys[0],
      CAIRN_IPFS_LISTEN: "/ip4/127.0.0.1/tcp/0",
      CAIRN_PINNING_FILE: join(dir, "no-pinning.json"),
      ...extra,
    },
  });
  const psa = () => `psa:${server.url}`;
  const psaName = () => `psa(${server.url})`;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-psa-cli-"));
    server = await startPinningServer({ directory: join(dir, "service"), token: "secret" });
    ({ child: dev } = await startDev(dir, await freePort(), await freePort()));
    const manifest = {
      schema: "cairn.manifest/1",
      name: "Pinned twice",
      description: "every file at the dev node and at the pinning service",
      language: "sw",
      license: "CC0-1.0",
      items: { kind: "text" },
      guidelines: "g",
      terms: "t",
      pinning: { minCopies: 2 },
    };
    await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
    ({ datasetId } = await json(
      ["dataset", "create", "--manifest", join(dir, "manifest.json"), "--quorum", "0"],
      env(),
    ));
    datasetId = String(datasetId);
    await mkdir(join(dir, "files"));
    await writeFile(join(dir, "files", "a.txt"), "Haraka haraka haina baraka.\n");
    await writeFile(join(dir, "files", "b.txt"), "Bandu bandu huisha gogo.\n");
  });

  after(async () => {
    if (dev && dev.exitCode === null) {
      const done = finished(dev);
      dev.kill("SIGINT");
      await done;
    }
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const contribute = (extra: Record<string, string> = {}, endpoint = psa()) =>
    cairn(["contribute", join(dir, "files"), "--dataset", datasetId, "--pin", endpoint], env(extra));

  it("without a token: refused before anything is stored, saying where the token comes from", async () => {
    const result = await contribute();
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /needs the service's access token: set CAIRN_PSA_TOKEN/);
  });

  it("a wrong token: the pinning service refused the token", async () => {
    const result = await contribute({ CAIRN_PSA_TOKEN: "wrong" });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /The pinning service at http:\/\/127\.0\.0\.1:\d+ refused the token \(401\)/);
  });

  it("an endpoint that is not a Pinning Service API (nothing listens; a web page) says so", async () => {
    const nothing = await contribute({ CAIRN_PSA_TOKEN: "secret" }, `psa:http://127.0.0.1:${await freePort()}`);
    assert.equal(nothing.code, 1, nothing.stderr);
    assert.match(nothing.stderr, /does not answer as an IPFS Pinning Service API endpoint/);
    const notUrl = await contribute({ CAIRN_PSA_TOKEN: "secret" }, "psa:ftp://example.org");
    assert.equal(notUrl.code, 1, notUrl.stderr);
    assert.match(notUrl.stderr, /is not an http\(s\) URL/);
  });

  it("contribute --pin psa: registers, then the service fetches every file from this node and pins it", async () => {
    const done = await json(
      ["contribute", join(dir, "files"), "--dataset", datasetId, "--pin", psa()],
      env({ CAIRN_PSA_TOKEN: "secret" }),
    );
    assert.equal(done.minCopies, 2);
    assert.equal(done.registered, 2);
    for (const item of done.items) assert.deepEqual(item.pinnedIn, ["helia", psaName()]);
    cids = done.items.map((i: { cid: string }) => i.cid);
    for (const cid of cids) {
      assert.ok(await server.store.helia.blockstore.has(CID.parse(cid)), "the service holds the file");
      assert.ok(await server.store.helia.pins.isPinned(CID.parse(cid)), "and pins it");
    }
  });

  it("availability --store psa: with the token from the user's pinning file (owner-only), healthy", async () => {
    const file = join(dir, "pinning.json");
    await writeFile(file, JSON.stringify({ [server.url]: { token: "secret" } }), { mode: 0o644 });
    const exposed = await cairn(["availability", datasetId, "--store", psa()], env({ CAIRN_PINNING_FILE: file }));
    assert.equal(exposed.code, 1, exposed.stderr);
    assert.match(exposed.stderr, /others can read it/);
    await chmod(file, 0o600);
    const report = await json(["availability", datasetId, "--store", psa()], env({ CAIRN_PINNING_FILE: file }));
    assert.equal(report.summary.healthy, 2);
    for (const f of report.files) assert.equal(f.stores[psaName()].status, "available");
  });

  it("the service loses a file: reported missing (exit 1), --repair pins it again from the dev node", async () => {
    const lost = CID.parse(cids[0]);
    for await (const _ of server.store.helia.pins.rm(lost)) {
      // unpinned
    }
    await (server.store.helia.blockstore as unknown as { child: { delete(c: CID): Promise<void> } }).child.delete(lost);
    const checked = await cairn(
      ["availability", datasetId, "--store", psa(), "--json"],
      env({ CAIRN_PSA_TOKEN: "secret" }),
    );
    assert.equal(checked.code, 1, checked.stderr);
    const report = firstJson(checked.stdout);
    const file = report.files.find((f: { cid: string }) => f.cid === cids[0]);
    assert.equal(file.stores[psaName()].status, "missing");
    assert.equal(file.copies, 1);
    assert.equal(report.summary.atRisk, 1);

    const repaired = await json(
      ["availability", datasetId, "--store", psa(), "--repair"],
      env({ CAIRN_PSA_TOKEN: "secret" }),
    );
    assert.deepEqual(
      repaired.repairs.map((r: { cid: string; from: string; to: string; ok: boolean }) => [r.cid, r.from, r.to, r.ok]),
      [[cids[0], "helia", psaName(), true]],
    );
    assert.equal(repaired.summary.healthy, 2);
    assert.ok(await server.store.helia.pins.isPinned(lost), "pinned at the service again");
  });

  it("takedown --store psa: the service drops its pins of the removed file", async () => {
    await writeFile(join(dir, "why.txt"), "The contributor withdrew consent.\n");
    const removed = await json(
      [
        "takedown",
        datasetId,
        join(dir, "files", "b.txt"),
        "--reason",
        "consent-withdrawn",
        "--justification",
        join(dir, "why.txt"),
        "--store",
        psa(),
      ],
      env({ CAIRN_PSA_TOKEN: "secret" }),
    );
    assert.ok(
      removed.unpinned.some((u: { store: string; held: boolean }) => u.store === psaName() && u.held),
      JSON.stringify(removed.unpinned),
    );
    assert.equal(
      await server.store.helia.pins.isPinned(CID.parse(cids[1] as string)),
      false,
      "unpinned at the service",
    );
    assert.ok(await server.store.helia.pins.isPinned(CID.parse(cids[0] as string)), "the other file stays pinned");
  });
});
