import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cairnRegistryAbi, configurePool, createCairnClient, reviewerPoolAbi } from "@cairn/sdk";
import { type Address, createPublicClient, createWalletClient, erc20Abi, type Hex, http, sha256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { cairn, devAddresses, devKeys, finished, freePort, json, sleep, startDev } from "./helpers.js";

// `cairn pool configure|join|leave|withdraw|claim|status|vote` and `cairn review queue` against a `cairn dev` chain, with the
// ReviewerPool `cairn dev` deploys (found in dev.json: no --pool, no CAIRN_POOL) named as a dataset's only
// curator (quorum 1).
describe("cairn pool and cairn review queue against a `cairn dev` network", { timeout: 600_000 }, () => {
  let dir: string;
  let dev: ChildProcess;
  let pool: Address;
  let registry: Address;
  let datasetId: string;
  let readContribution: (contentHash: Hex) => Promise<{ status: number; score: number }>;
  let rpc: string;
  let token: Address;
  /** The dataset whose pool asks for a stake (third test), joined by account 4. */
  let staked: bigint;
  const as = (key: number) => ({ cwd: dir, env: { CAIRN_PRIVATE_KEY: devKeys[key] } });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-pool-"));
    const rpcPort = await freePort();
    ({ child: dev } = await startDev(dir, rpcPort, await freePort()));
    const devFile = JSON.parse(await readFile(join(dir, ".cairn", "dev.json"), "utf8"));
    registry = devFile.registry;
    token = devFile.token;
    rpc = `http://127.0.0.1:${rpcPort}`;
    const transport = http(rpc);
    const publicClient = createPublicClient({ transport });
    readContribution = (contentHash) =>
      publicClient.readContract({
        address: registry,
        abi: cairnRegistryAbi,
        functionName: "getContribution",
        args: [BigInt(datasetId), contentHash],
      });
    const steward = createWalletClient({ account: privateKeyToAccount(devKeys[0]), transport });
    pool = devFile.pool;
    assert.ok(pool, "cairn dev deployed a reviewer pool");
    assert.notEqual(await publicClient.getCode({ address: pool }), undefined);
    const created = await json(
      ["dataset", "create", "--name", "Pooled", "--description", "reviewed by a pool", "--language", "en"].concat([
        "--license",
        "CC-BY-4.0",
        "--curator",
        pool,
        "--quorum",
        "1",
      ]),
      as(0),
    );
    datasetId = String(created.datasetId);
    const send = async (hash: Promise<Hex>) => publicClient.waitForTransactionReceipt({ hash: await hash });
    const configured = await json(["pool", "configure", datasetId, "--k", "1", "--timeout", "3600"], as(0));
    assert.equal(configured.pool, pool);
    const notSteward = await cairn(["pool", "configure", datasetId, "--k", "1"], as(1));
    assert.equal(notSteward.code, 1, notSteward.stderr);
    assert.match(notSteward.stderr + notSteward.stdout, /NotSteward|steward/i);
    // Two members join with the CLI; a third account contributes; anyone commits the review and, a block
    // later, stores its seed.
    for (const key of [1, 2]) await json(["pool", "join", datasetId], as(key));
    const contributor = createWalletClient({ account: privateKeyToAccount(devKeys[3]), transport });
    const contentHash = sha256(toHex("a pooled contribution"));
    const cid = `0x01551220${contentHash.slice(2)}` as Hex;
    await send(
      contributor.writeContract({
        address: registry,
        abi: cairnRegistryAbi,
        functionName: "contribute",
        args: [BigInt(datasetId), contentHash, 21n, cid, "0x"],
        chain: null,
      }),
    );
    for (let i = 0; i < 2; i++) {
      await send(
        steward.writeContract({
          address: pool,
          abi: reviewerPoolAbi,
          functionName: "assign",
          args: [BigInt(datasetId), [contentHash]],
          chain: null,
        }),
      );
    }
  });

  after(async () => {
    if (dev && dev.exitCode === null) {
      const done = finished(dev);
      dev.kill("SIGINT");
      if (!(await Promise.race([done, sleep(15_000).then(() => undefined)]))) dev.kill("SIGKILL");
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("lists the drawn member's assignment, takes its vote, and decides in the registry", async () => {
    const queues = await Promise.all([1, 2].map((key) => json(["review", "queue", datasetId], as(key))));
    const holders = [1, 2].filter((_, i) => queues[i].reviews.length === 1);
    assert.equal(holders.length, 1, "exactly one member holds the one seat");
    assert.equal(
      queues.reduce((n, q) => n + q.reviews.length, 0),
      1,
    );
    const [holder] = holders;
    const [{ contentHash, seat }] = queues[holder - 1].reviews;
    const voted = await json(
      ["pool", "vote", datasetId, `${contentHash}:${seat}`, "--accept", "--score", "77"],
      as(holder),
    );
    assert.equal(voted.outcomes[0].status, "counted");
    const decided = await readContribution(contentHash);
    assert.equal(decided.status, 2, "accepted in the registry");
    assert.equal(decided.score, 77);
    const after = await json(["review", "queue", datasetId], as(holder));
    assert.deepEqual(after.reviews, []);
  });

  it("shows the pool's policy and a member's record, and lets a member leave", async () => {
    const status = await json(["pool", "status", datasetId], as(1));
    assert.equal(Number(status.policy.k), 1);
    assert.equal(Number(status.pool.members), 2);
    assert.equal(status.reviewer.joined, true);
    await json(["pool", "leave", datasetId], as(2));
    const left = await json(["pool", "status", datasetId, "--account", devAddresses[2]], { cwd: dir, env: {} });
    assert.equal(left.reviewer.active, false);
    assert.equal(Number(left.pool.activeMembers), 1);
    const refused = await cairn(["pool", "join", datasetId], {
      cwd: dir,
      env: { CAIRN_PRIVATE_KEY: devKeys[1] },
    });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr + refused.stdout, /AlreadyMember|already/i);
  });

  it("joins a pool that asks for a stake: approves the shortfall, then joins (one command)", async () => {
    const created = await json(
      ["dataset", "create", "--name", "Staked", "--description", "a pool with a stake", "--language", "en"].concat([
        "--license",
        "CC-BY-4.0",
        "--curator",
        pool,
        "--quorum",
        "1",
        "--reward-token",
        token,
      ]),
      as(0),
    );
    staked = BigInt(created.datasetId);
    const minStake = 5n * 10n ** 18n;
    const transport = http(rpc);
    const publicClient = createPublicClient({ transport });
    const steward = await createCairnClient({
      publicClient,
      walletClient: createWalletClient({ account: privateKeyToAccount(devKeys[0]), transport }),
      registry,
    } as never);
    await configurePool(steward, { pool, datasetId: staked, policy: { k: 1, minStake, unbonding: 3600 } });
    const balance = () =>
      publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [devAddresses[4]] });
    assert.equal(
      await publicClient.readContract({
        address: token,
        abi: erc20Abi,
        functionName: "allowance",
        args: [devAddresses[4], pool],
      }),
      0n,
      "no allowance before: the command must approve",
    );
    const before = await balance();
    const joined = await json(["pool", "join", String(staked)], as(4));
    assert.equal(BigInt(joined.stake), minStake);
    assert.equal(before - (await balance()), minStake, "the pool pulled the stake");
    const status = await json(["pool", "status", String(staked), "--account", devAddresses[4]], { cwd: dir, env: {} });
    assert.equal(status.reviewer.joined, true);
    assert.equal(BigInt(status.reviewer.stake), minStake);
  });
  it("claims pool rewards, and gives a stake back only after leaving and the unbonding period", async () => {
    const transport = http(rpc);
    const publicClient = createPublicClient({ transport });
    const send = async (hash: Promise<Hex>) => publicClient.waitForTransactionReceipt({ hash: await hash });
    const steward = createWalletClient({ account: privateKeyToAccount(devKeys[0]), transport });
    const member = devAddresses[4] as Address;
    const balance = () =>
      publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [member] });
    const nothing = await cairn(["pool", "claim", String(staked)], as(4));
    assert.equal(nothing.code, 1, nothing.stderr);
    assert.match(nothing.stderr, /nothing to claim/);

    // Account 4, the pool's only member, reviews a contribution; the review is settled; a sponsor funds
    // through the pool: 10 % (the default reviewer share) is the member's to claim.
    const contentHash = sha256(toHex("a contribution to the staked pool"));
    await send(
      createWalletClient({ account: privateKeyToAccount(devKeys[3]), transport }).writeContract({
        address: registry,
        abi: cairnRegistryAbi,
        functionName: "contribute",
        args: [staked, contentHash, 33n, `0x01551220${contentHash.slice(2)}`, "0x"],
        chain: null,
      }),
    );
    for (let i = 0; i < 2; i++) {
      await send(
        steward.writeContract({
          address: pool,
          abi: reviewerPoolAbi,
          functionName: "assign",
          args: [staked, [contentHash]],
          chain: null,
        }),
      );
    }
    const [queued] = (await json(["review", "queue", String(staked)], as(4))).reviews;
    await json(
      ["pool", "vote", String(staked), `${queued.contentHash}:${queued.seat}`, "--accept", "--score", "60"],
      as(4),
    );
    await send(
      steward.writeContract({
        address: pool,
        abi: reviewerPoolAbi,
        functionName: "settleBatch",
        args: [[{ datasetId: staked, contentHash, voters: [member] }]],
        chain: null,
      }),
    );
    const funding = 20n * 10n ** 18n;
    await send(
      steward.writeContract({
        address: token,
        abi: erc20Abi,
        functionName: "approve",
        args: [pool, funding],
        chain: null,
      }),
    );
    await send(
      steward.writeContract({
        address: pool,
        abi: reviewerPoolAbi,
        functionName: "fund",
        args: [staked, funding],
        chain: null,
      }),
    );
    const status = await json(["pool", "status", String(staked), "--account", member], { cwd: dir, env: {} });
    assert.equal(BigInt(status.claimable), funding / 10n);
    let before = await balance();
    const claimed = await json(["pool", "claim", String(staked)], as(4));
    assert.equal(BigInt(claimed.amount), funding / 10n);
    assert.equal((await balance()) - before, funding / 10n, "the reward reached the member");
    const again = await cairn(["pool", "claim", String(staked)], as(4));
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /nothing to claim/);

    // The stake: refused while a member, refused while unbonding (saying when it unlocks), then returned.
    const minStake = 5n * 10n ** 18n;
    const bonded = await cairn(["pool", "withdraw", String(staked)], as(4));
    assert.equal(bonded.code, 1, bonded.stderr);
    assert.match(bonded.stderr, /still a member/);
    await json(["pool", "leave", String(staked)], as(4));
    const left = await json(["pool", "status", String(staked), "--account", member], { cwd: dir, env: {} });
    const unlocks = Number(left.withdrawableAt);
    assert.equal(unlocks, Number(left.reviewer.leftAt) + 3600);
    const early = await cairn(["pool", "withdraw", String(staked)], as(4));
    assert.equal(early.code, 1, early.stderr);
    assert.match(early.stderr, new RegExp(`withdrawn from ${new Date(unlocks * 1000).toISOString()}`));
    await publicClient.request({ method: "evm_increaseTime" as never, params: [3601] as never });
    await publicClient.request({ method: "evm_mine" as never });
    before = await balance();
    const withdrawn = await json(["pool", "withdraw", String(staked)], as(4));
    assert.equal(BigInt(withdrawn.amount), minStake);
    assert.equal((await balance()) - before, minStake, "the stake came back");
    const twice = await cairn(["pool", "withdraw", String(staked)], as(4));
    assert.equal(twice.code, 1, twice.stderr);
    assert.match(twice.stderr, /no stake to withdraw/);
  });
});
