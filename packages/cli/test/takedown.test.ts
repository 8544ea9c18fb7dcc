import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cairn, devKeys, finished, freePort, json, startDev } from "./helpers.js";

const sha256 = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}`;

describe("cairn takedown: removed on-chain, unpinned from the node, gone from export, lists and availability", {
  timeout: 600_000,
  concurrency: false,
}, () => {
  let dir: string;
  let dev: ChildProcess;
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
    ({ child: dev } = await startDev(dir, await freePort(), await freePort()));
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
});
