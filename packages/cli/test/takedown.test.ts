import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cairn, devKeys, finished, freePort, json, startDev } from "./helpers.js";

const sha256 = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}`;

describe("cairn takedown (removed on-chain, unpinned, gone from export, lists and availability); cairn confirm and challenge periods", {
  timeout: 600_000,
  concurrency: false,
}, () => {
  let dir: string;
  let dev: ChildProcess;
  let rpcPort: number;
  const steward = {
    get cwd() {
      return dir;
    },
    env: { CAIRN_PRIVATE_KEY: devKeys[0] },
  };
  const stranger = {
    get cwd() {
      return dir;
    },
    env: { CAIRN_PRIVATE_KEY: devKeys[1] },
  };
  const texts = { "keep.txt": "Kenavo.\n", "drop.txt": "My address is 12 rue de Brest.\n" };
  let dropCid: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-takedown-cli-"));
    rpcPort = await freePort();
    ({ child: dev } = await startDev(dir, rpcPort, await freePort()));
    await json(
      [
        "dataset",
        "create",
        "--name",
        "T",
        "--description",
        "t",
        "--language",
        "br",
        "--license",
        "CC0-1.0",
        "--guidelines",
        "g",
        "--terms",
        "t",
        "--quorum",
        "0",
      ],
      steward,
    );
    await mkdir(join(dir, "files"));
    for (const [name, text] of Object.entries(texts)) await writeFile(join(dir, "files", name), text);
    await writeFile(join(dir, "why.txt"), "The text gives a home address (request #7).\n");
    const contributed = await json(["contribute", join(dir, "files"), "--dataset", "1"], steward);
    dropCid = contributed.items.find((i: { contentHash: string }) => i.contentHash === sha256(texts["drop.txt"])).cid;
  });

  after(async () => {
    if (dev && dev.exitCode === null) {
      const done = finished(dev);
      dev.kill("SIGINT");
      await done;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("refuses an account that is neither curator nor steward, naming the rule", async () => {
    const result = await cairn(
      ["takedown", "1", join(dir, "files", "drop.txt"), "--reason", "personal-data", "--justification", "why.txt"],
      stranger,
    );
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /neither a curator nor the steward/);
  });

  it("refuses an unknown reason before sending anything", async () => {
    const result = await cairn(
      ["takedown", "1", join(dir, "files", "drop.txt"), "--reason", "dislike", "--justification", "why.txt"],
      steward,
    );
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /--reason must be one of illegal-content, personal-data/);
  });

  it("the steward removes a file: recorded, unpinned from the node's store", async () => {
    const removed = await json(
      ["takedown", "1", join(dir, "files", "drop.txt"), "--reason", "personal-data", "--justification", "why.txt"],
      steward,
    );
    assert.equal(removed.contentHash, sha256(texts["drop.txt"]));
    assert.equal(removed.cid, dropCid);
    assert.deepEqual(
      removed.unpinned.map((u: { held: boolean }) => u.held),
      [true],
    );
    const [item] = (await json(["contributions", "1", "--status", "removed"], steward)).contributions;
    assert.equal(item.contentHash, sha256(texts["drop.txt"]));
  });

  it("the file is gone from the export, the list and the availability check", async () => {
    const out = join(dir, "export");
    const exported = await json(["export", "1", out], steward);
    assert.equal(exported.exported, 1);
    assert.equal((await readdir(join(out, "files"))).length, 1);
    const listed = await json(["contributions", "1"], steward);
    assert.deepEqual(
      listed.contributions.map((c: { contentHash: string }) => c.contentHash),
      [sha256(texts["keep.txt"])],
    );
    const report = JSON.parse((await cairn(["availability", "1", "--min-copies", "1", "--json"], steward)).stdout);
    assert.equal(report.files.length, 1);
    assert.notEqual(report.files[0].cid, dropCid);
  });

  it("dataset create --challenge-period: contributions stay provisional until `cairn confirm` after the period", async () => {
    const created = await json(
      [
        "dataset",
        "create",
        "--name",
        "W",
        "--description",
        "w",
        "--language",
        "br",
        "--license",
        "CC0-1.0",
        "--guidelines",
        "g",
        "--terms",
        "t",
        "--quorum",
        "0",
        "--challenge-period",
        "1h",
      ],
      steward,
    );
    const id = String(created.datasetId);
    assert.equal(Number((await json(["dataset", "show", id], steward)).challengePeriod), 3600);
    await writeFile(join(dir, "late.txt"), "Arrived during the period.\n");
    await json(["contribute", join(dir, "late.txt"), "--dataset", id], steward);
    assert.equal((await json(["contributions", id, "--status", "provisional"], steward)).contributions.length, 1);

    const early = await json(["confirm", id], steward);
    assert.deepEqual([early.confirmed.length, early.waiting.length], [0, 1], "still in its period");
    // An hour later on the dev chain (its journal keeps time changes too).
    for (const [method, params] of [
      ["evm_increaseTime", [3_601]],
      ["evm_mine", []],
    ] as const) {
      const response = await fetch(`http://127.0.0.1:${rpcPort}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      assert.equal(response.status, 200);
    }
    const confirmed = await json(["confirm", id], steward);
    assert.deepEqual([confirmed.confirmed.length, confirmed.waiting.length], [1, 0]);
    assert.equal((await json(["contributions", id, "--status", "accepted"], steward)).contributions.length, 1);

    await json(["dataset", "update", id, "--challenge-period", "2d"], steward);
    assert.equal(Number((await json(["dataset", "show", id], steward)).challengePeriod), 2 * 86_400);
    const bad = await cairn(["dataset", "update", id, "--challenge-period", "soon"], steward);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--challenge-period must be a duration/);
  });
});
