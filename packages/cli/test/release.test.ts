/**
 * `cairn release` and `cairn model` against a `cairn dev` network (which deploys the release and model
 * registries): contributions accepted, a release cut, listed, verified, exported as Parquet and an inclusion proven; a model registered
 * on it, paid, and its dividend claimed by the release's contributor only.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cairn, devAddresses, devKeys, finished, freePort, json, sleep, startDev } from "./helpers.js";

describe("cairn release and cairn model against a `cairn dev` network", { timeout: 300_000 }, () => {
  let dir: string;
  let dev: ChildProcess;
  const as = (key: number) => ({ cwd: dir, env: { CAIRN_PRIVATE_KEY: devKeys[key] } });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-release-cli-"));
    ({ child: dev } = await startDev(dir, await freePort(), await freePort()));
  });

  after(async () => {
    if (dev && dev.exitCode === null) {
      const done = finished(dev);
      dev.kill("SIGINT");
      const result = await Promise.race([done, sleep(10_000).then(() => undefined)]);
      if (!result) dev.kill("SIGKILL");
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("cuts, lists, verifies and proves a release; registers, shows, pays and claims a model", async () => {
    const devFile = JSON.parse(await readFile(join(dir, ".cairn", "dev.json"), "utf8"));
    assert.match(devFile.releases, /^0x[0-9a-fA-F]{40}$/);
    const created = await json(
      [
        "dataset",
        "create",
        "--name",
        "Methali",
        "--description",
        "Swahili proverbs",
        "--language",
        "sw",
        "--license",
        "CC-BY-4.0",
        "--curator",
        devAddresses[1],
        "--quorum",
        "1",
      ],
      as(0),
    );
    const id = String(created.datasetId);
    await writeFile(join(dir, "haba.txt"), "Haba na haba hujaza kibaba.\n");
    await writeFile(join(dir, "pole.txt"), "Pole pole ndio mwendo.\n");
    const two = await json(["contribute", join(dir, "haba.txt"), "--dataset", id], as(2));
    const three = await json(["contribute", join(dir, "pole.txt"), "--dataset", id], as(3));
    const haba = two.items[0].contentHash;
    const pole = three.items[0].contentHash;
    await json(["review", id, haba, "--accept", "--score", "70"], as(1));

    const refused = await cairn(["release", "cut", id], as(2));
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /ReleaseNotSteward|steward/i);
    const cut = await json(["release", "cut", id], as(0));
    assert.equal(cut.number, 1);
    assert.equal(cut.itemCount, 1);
    const listed = await json(["release", "list", id], { cwd: dir });
    assert.equal(listed.releases[0].root, cut.root);
    const verified = await json(["release", "verify", id, "1"], { cwd: dir });
    assert.equal(verified.ok, true);
    const proof = await json(["release", "prove", id, "1", haba], { cwd: dir });
    assert.equal(proof.offChain, true);
    assert.equal(proof.onChain, true);
    const notIn = await cairn(["release", "prove", id, "1", pole], { cwd: dir });
    assert.equal(notIn.code, 1, notIn.stderr);
    assert.match(notIn.stderr, /is not in release 1/);

    const exported = await json(["export", id, join(dir, "out"), "--release", "1", "--format", "parquet"], {
      cwd: dir,
    });
    assert.equal(exported.items, 1);
    assert.deepEqual(exported.files, ["data/train-00000-of-00001.parquet"]);
    assert.match(await readFile(join(dir, "out", "README.md"), "utf8"), /^---\npretty_name: "Methali"/);

    const model = await json(
      [
        "model",
        "register",
        "--name",
        "methali-small",
        "--release",
        String(cut.releaseId),
        "--weights",
        "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
        "--license",
        "Apache-2.0",
      ],
      as(4),
    );
    const modelId = String(model.modelId);
    await json(["model", "pay", modelId, "70"], as(4));
    const shown = await json(["model", "show", modelId], { cwd: dir });
    assert.equal(shown.name, "methali-small");
    assert.equal(shown.paid, "70000000000000000000");
    const outsider = await json(["model", "claim"], as(3));
    assert.deepEqual(outsider.claimed, []);
    const claimed = await json(["model", "claim"], as(2));
    assert.equal(claimed.claimed.length, 1);
    assert.equal(claimed.claimed[0].amount, "70000000000000000000");
  });
});
