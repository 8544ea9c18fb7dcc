/**
 * `cairn gov` against a `cairn dev` network (which deploys the governance factory), a governed
 * dataset created, a contribution accepted, a proposal to add a curator made, voted by a signed vote that another
 * key submits, queued, refused before the timelock delay (exit 1, says when), executed after it.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Address, getAddress } from "viem";
import { cairn, devAddresses, devKeys, finished, freePort, json, sleep, startDev } from "./helpers.js";

describe("cairn gov against a `cairn dev` network", { timeout: 300_000 }, () => {
  let dir: string;
  let dev: ChildProcess;
  let rpc: string;
  let factory: Address;
  let registry: Address;
  const as = (key: number) => ({ cwd: dir, env: { CAIRN_PRIVATE_KEY: devKeys[key] } });
  const rpcCall = async (method: string, params: unknown[] = []) => {
    const response = await fetch(rpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  const dave = devAddresses[3].toLowerCase();
  const mine = (blocks: number) => rpcCall("hardhat_mine", [`0x${blocks.toString(16)}`]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-gov-cli-"));
    const rpcPort = await freePort();
    ({ child: dev } = await startDev(dir, rpcPort, await freePort()));
    const devFile = JSON.parse(await readFile(join(dir, ".cairn", "dev.json"), "utf8"));
    rpc = devFile.rpc;
    // `cairn dev` deploys the governance factory and writes it to dev.json, where `cairn gov` finds it.
    factory = devFile.factory;
    registry = devFile.registry;
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

  it("creates, proposes, votes by a relayed signature, queues, refuses an early execution, executes", async () => {
    const help = await cairn(["gov", "--help"], { cwd: dir });
    assert.equal(help.code, 0);
    for (const sub of ["create", "propose", "vote", "queue", "execute", "status", "delegate"])
      assert.match(help.stdout, new RegExp(`\\n  ${sub} `), sub);

    const created = await json(
      [
        "gov",
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
        "--voting-delay",
        "1",
        "--voting-period",
        "10",
        "--quorum-fraction",
        "20",
        "--timelock-delay",
        "1h",
      ],
      as(0),
    );
    const id = String(created.datasetId);
    assert.equal(created.governance.timelockDelay, "3600");
    const shown = await json(["dataset", "show", id], { cwd: dir });
    assert.equal(shown.dataset.steward, created.timelock);

    // Key 2 contributes, the curator (key 1) accepts: key 2 now has 70 votes.
    await writeFile(join(dir, "haba.txt"), "Haba na haba hujaza kibaba.\n");
    const contributed = await json(["contribute", join(dir, "haba.txt"), "--dataset", id], as(2));
    await json(["review", id, contributed.items[0].contentHash, "--accept", "--score", "70"], as(1));
    await mine(1);

    const gov: string[] = [];
    assert.match(factory, /^0x[0-9a-fA-F]{40}$/);
    const proposed = await json(
      // helpers' devAddresses[3] has a checksum typo: pass it lowercase (the CLI checks checksums).
      ["gov", "propose", id, "--add-curator", dave, "--description", "Add a second curator", ...gov],
      as(2),
    );
    const proposalId = String(proposed.proposalId);
    await mine(2);

    // Key 2 signs its vote; key 4 (a relayer) submits it.
    const signed = await cairn(["gov", "vote", id, proposalId, "--for", "--sign", ...gov], as(2));
    assert.equal(signed.code, 0, signed.stderr);
    await writeFile(join(dir, "vote.json"), signed.stdout);
    const submitted = await json(["gov", "vote", id, "--submit", join(dir, "vote.json"), ...gov], as(4));
    assert.equal(submitted.voter, devAddresses[2]);
    assert.equal(submitted.weight, "70");

    await mine(12);
    const queued = await json(["gov", "queue", id, proposalId, ...gov], as(4));
    assert.ok(Number(queued.eta) > 0);

    const early = await cairn(["gov", "execute", id, proposalId, ...gov], as(4));
    assert.equal(early.code, 1, early.stderr);
    assert.match(early.stderr, /queued but not ready: it can be executed from/);

    await rpcCall("evm_increaseTime", [3_600]);
    await mine(1);
    await json(["gov", "execute", id, proposalId, ...gov], as(4));

    const status = await json(["gov", "status", id, "--account", devAddresses[2], ...gov], { cwd: dir });
    assert.equal(status.proposals[0].state, "executed");
    assert.deepEqual(status.proposals[0].votes, { for: "70", against: "0", abstain: "0" });
    assert.equal(status.votes.votes, "70");
    const curators = await json(["dataset", "curators", id], { cwd: dir });
    assert.deepEqual(curators.curators, [devAddresses[1], getAddress(dave)]);
  });

  it("says how to give the factory when none is known (exit 1)", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "cairn-gov-nofactory-"));
    const result = await cairn(["gov", "status", "1", "--rpc", rpc, "--registry", registry], { cwd: elsewhere });
    await rm(elsewhere, { recursive: true, force: true });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No governance factory given/);
    assert.match(result.stderr, /--factory <address>/);
  });
});
