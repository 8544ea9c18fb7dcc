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
import { type Abi, createPublicClient, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { cairn, devAddresses, devKeys, finished, freePort, json, repoRoot, sleep, startDev } from "./helpers.js";

describe("cairn release and cairn model against a `cairn dev` network", { timeout: 300_000 }, () => {
  let dir: string;
  let dev: ChildProcess;
  let rpcPort: number;
  const as = (key: number) => ({ cwd: dir, env: { CAIRN_PRIVATE_KEY: devKeys[key] } });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-release-cli-"));
    rpcPort = await freePort();
    ({ child: dev } = await startDev(dir, rpcPort, await freePort()));
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

  it("shows a dividend the token refused to pay as parked, and its owner withdraws it elsewhere", async () => {
    // A token that refuses transfers to blocklisted accounts (as USDC's does), deployed on the dev chain.
    const artifact = JSON.parse(
      await readFile(join(repoRoot, "artifacts/contracts/test/BlocklistToken.sol/BlocklistToken.json"), "utf8"),
    ) as { abi: Abi; bytecode: Hex };
    const transport = http(`http://127.0.0.1:${rpcPort}`);
    const publicClient = createPublicClient({ transport });
    const wallet = createWalletClient({ account: privateKeyToAccount(devKeys[0]), transport });
    const { contractAddress } = await publicClient.waitForTransactionReceipt({
      hash: await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, chain: null }),
    });
    const token = contractAddress as Hex;
    const write = async (functionName: string, args: unknown[]) =>
      publicClient.waitForTransactionReceipt({
        hash: await wallet.writeContract({ address: token, abi: artifact.abi, functionName, args, chain: null }),
      });
    const balance = (account: string) =>
      publicClient.readContract({
        address: token,
        abi: artifact.abi,
        functionName: "balanceOf",
        args: [account.toLowerCase()],
      });
    await write("mint", [devAddresses[4].toLowerCase(), 10n ** 20n]);

    const created = await json(
      ["dataset", "create", "--name", "Mafumbo", "--description", "Swahili riddles", "--language", "sw"].concat([
        "--license",
        "CC-BY-4.0",
        "--curator",
        devAddresses[1],
        "--quorum",
        "1",
      ]),
      as(0),
    );
    const id = String(created.datasetId);
    await writeFile(join(dir, "kitendawili.txt"), "Kamba ndefu haifungi kuni.\n");
    const { items } = await json(["contribute", join(dir, "kitendawili.txt"), "--dataset", id], as(3));
    await json(["review", id, items[0].contentHash, "--accept", "--score", "50"], as(1));
    const cut = await json(["release", "cut", id], as(0));
    const model = await json(
      ["model", "register", "--name", "mafumbo-small", "--release", String(cut.releaseId), "--token", token].concat([
        "--weights",
        "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
        "--license",
        "MIT",
      ]),
      as(4),
    );
    await json(["model", "pay", String(model.modelId), "30"], as(4));
    await write("setBlocked", [devAddresses[3].toLowerCase(), true]);

    const claimed = await json(["model", "claim"], as(3));
    assert.equal(claimed.parked.length, 1);
    assert.equal(claimed.parked[0].amount, "30000000000000000000");
    const text = await cairn(["model", "claim", "--account", devAddresses[3].toLowerCase()], as(0));
    assert.match(text.stdout, /Nothing to claim/, text.stderr);

    // Every token a model pays in is looked at; only the one with something parked is listed.
    const parked = await json(["model", "parked"], as(3));
    assert.deepEqual(
      parked.parked.map((p: { token: string; amount: string; symbol: string }) => [
        p.token.toLowerCase(),
        p.amount,
        p.symbol,
      ]),
      [[token.toLowerCase(), "30000000000000000000", "BLK"]],
    );
    const byAccount = await json(["model", "parked", "--account", devAddresses[3].toLowerCase(), "--token", token], {
      cwd: dir,
    });
    assert.equal(byAccount.parked[0].amount, "30000000000000000000");
    const shown = await cairn(["model", "parked"], as(3));
    assert.match(shown.stdout, /30 BLK/);
    assert.equal((await json(["model", "parked"], as(2))).parked.length, 0, "nothing parked for another account");

    const noToken = await cairn(["model", "withdraw-parked"], as(3));
    assert.equal(noToken.code, 1, noToken.stderr);
    assert.match(noToken.stderr, /--token/);
    // Back to the account the token still refuses: the transaction fails, nothing moves.
    const refused = await cairn(["model", "withdraw-parked", "--token", token], as(3));
    assert.equal(refused.code, 1, refused.stderr);
    // Someone else has nothing parked: no transaction.
    const other = await json(["model", "withdraw-parked", "--token", token], as(2));
    assert.equal(other.amount, "0");
    assert.equal(other.transactionHash, null);

    const before = (await balance(devAddresses[0])) as bigint;
    const withdrawn = await json(["model", "withdraw-parked", "--token", token, "--to", devAddresses[0]], as(3));
    assert.equal(withdrawn.amount, "30000000000000000000");
    assert.equal(withdrawn.to.toLowerCase(), devAddresses[0].toLowerCase());
    assert.equal((await balance(devAddresses[0])) as bigint, before + 30n * 10n ** 18n);
    assert.equal((await json(["model", "parked", "--token", token], as(3))).parked[0].amount, "0");
    assert.match((await cairn(["model", "parked"], as(3))).stdout, /Nothing parked/);
  });
});
