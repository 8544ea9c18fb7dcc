import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createHeliaStore } from "@cairn/sdk";
import { CID } from "multiformats/cid";
import { cairn, devKeys, finished, freePort, json, startDev } from "./helpers.js";

/** The command's report: the first JSON document on stdout (an error document follows when it exits 1). */
const firstJson = (stdout: string) => JSON.parse(stdout.slice(0, stdout.indexOf("\n}\n") + 2));

describe("cairn availability: copies per file and store, verified; --repair", {
  timeout: 600_000,
  concurrency: false,
}, () => {
  let dir: string;
  let dev: ChildProcess;
  let backup: string;
  const as = {
    get cwd() {
      return dir;
    },
    env: { CAIRN_PRIVATE_KEY: devKeys[0] },
  };
  let cids: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-availability-cli-"));
    backup = join(dir, "backup-ipfs");
    ({ child: dev } = await startDev(dir, await freePort(), await freePort()));
    await json(
      [
        "dataset",
        "create",
        "--name",
        "A",
        "--description",
        "a",
        "--language",
        "en",
        "--license",
        "CC0-1.0",
        "--guidelines",
        "g",
        "--terms",
        "t",
        "--quorum",
        "0",
      ],
      as,
    );
    await mkdir(join(dir, "files"));
    await writeFile(join(dir, "files", "one.txt"), "one\n");
    await writeFile(join(dir, "files", "two.txt"), "two\n");
    const contributed = await json(["contribute", join(dir, "files"), "--dataset", "1"], as);
    cids = contributed.items.map((i: { cid: string }) => i.cid);
  });

  after(async () => {
    if (dev && dev.exitCode === null) {
      const done = finished(dev);
      dev.kill("SIGINT");
      await done;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("one copy each (the dev node's): at risk, exit 1, the backup store reports them missing", async () => {
    const result = await cairn(["availability", "1", "--store", `helia:${backup}`, "--json"], as);
    assert.equal(result.code, 1, result.stderr);
    const report = firstJson(result.stdout);
    assert.equal(report.summary.atRisk, 2);
    for (const f of report.files) {
      assert.equal(f.copies, 1);
      assert.equal(f.stores.helia.status, "available");
      assert.equal(f.stores[`helia(${backup})`].status, "missing");
    }
  });

  it("--repair copies them into the backup from the good copy: two verified copies, exit 0", async () => {
    const report = await json(["availability", "1", "--store", `helia:${backup}`, "--repair"], as);
    assert.equal(report.repairs.length, 2);
    assert.ok(report.repairs.every((r: { ok: boolean; to: string }) => r.ok && r.to === `helia(${backup})`));
    assert.equal(report.summary.healthy, 2);
  });

  it("a damaged copy in the backup is reported corrupt, not counted", async () => {
    const store = await createHeliaStore({ directory: backup });
    const disk = (
      store.helia.blockstore as unknown as {
        child: { delete(c: CID): Promise<void>; put(c: CID, b: Uint8Array): Promise<unknown> };
      }
    ).child;
    await disk.delete(CID.parse(cids[0]));
    await disk.put(CID.parse(cids[0]), new TextEncoder().encode("ONE\n"));
    await store.close();
    const result = await cairn(["availability", "1", "--store", `helia:${backup}`, "--json"], as);
    assert.equal(result.code, 1);
    const report = firstJson(result.stdout);
    const damaged = report.files.find((f: { cid: string }) => f.cid === cids[0]);
    assert.equal(damaged.stores[`helia(${backup})`].status, "corrupt");
    assert.equal(damaged.copies, 1);
  });

  it("a manifest's pinning policy (2 copies): contribute refuses with one store, pins to --pin and reports where", async () => {
    const manifest = {
      schema: "cairn.manifest/1",
      name: "Pinned",
      description: "every file twice",
      language: "sw",
      license: "CC0-1.0",
      items: { kind: "text" },
      guidelines: "g",
      terms: "t",
      pinning: { minCopies: 2 },
    };
    await writeFile(join(dir, "pinned.json"), JSON.stringify(manifest));
    const { datasetId } = await json(
      ["dataset", "create", "--manifest", join(dir, "pinned.json"), "--quorum", "0"],
      as,
    );
    await mkdir(join(dir, "pinned"));
    await writeFile(join(dir, "pinned", "a.txt"), "Haraka haraka haina baraka.\n");
    await writeFile(join(dir, "pinned", "b.txt"), "Bandu bandu huisha gogo.\n");

    const refused = await cairn(["contribute", join(dir, "pinned"), "--dataset", String(datasetId)], as);
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /pinning policy asks for 2 independent copies/);

    const mirror = join(dir, "mirror-ipfs");
    const done = await json(
      ["contribute", join(dir, "pinned"), "--dataset", String(datasetId), "--pin", `helia:${mirror}`],
      as,
    );
    assert.equal(done.registered, 2);
    assert.equal(done.minCopies, 2);
    for (const item of done.items) assert.deepEqual(item.pinnedIn, ["helia", `helia(${mirror})`]);
    // the mirror really holds every byte: checked against the policy's 2 copies by default
    const check = await json(["availability", String(datasetId), "--store", `helia:${mirror}`], as);
    assert.equal(check.minCopies, 2);
    assert.equal(check.summary.healthy, 2);
  });

  it("export --car, then import-car into another node: the same files, verified; a damaged CAR is refused", async () => {
    const exported = await json(["export", "1", join(dir, "export"), "--car"], as);
    assert.equal(exported.car, join(dir, "export", "dataset.car"));
    const other = join(dir, "other-ipfs");
    await writeFile(join(dir, "other.json"), JSON.stringify({ heliaDir: other }));
    const imported = await json(["import-car", exported.car, "--config", join(dir, "other.json")], as);
    assert.deepEqual(imported.files[0].roots.map((r: { cid: string }) => r.cid).sort(), [...cids].sort());
    const check = await json(["availability", "1", "--store", `helia:${other}`, "--min-copies", "1"], as);
    for (const f of check.files) assert.equal(f.stores[`helia(${other})`].status, "available");
    const car = await readFile(exported.car);
    car[car.length - 2] ^= 0xff;
    await writeFile(join(dir, "bad.car"), car);
    const bad = await cairn(["import-car", join(dir, "bad.car"), "--config", join(dir, "other.json")], as);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /failed verification/);
  });
});
