import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import { createPublicClient, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { devAddresses, devKeys, finished, json, repoRoot } from "./helpers.js";

const require = createRequire(import.meta.url);

/** Anvil from npm (@foundry-rs/anvil-linux-amd64 ships the binary): a second, independent EVM. */
function anvilBinary(): string {
  return join(dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")), "bin", "anvil");
}

/** Starts Anvil on an ephemeral loopback port; resolves with its URL once it listens. */
async function startAnvil(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(anvilBinary(), ["--host", "127.0.0.1", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`anvil did not listen in 30 s:\n${out}`)), 30_000);
    child.once("exit", (code) => reject(new Error(`anvil exited ${code}:\n${out}`)));
    child.stdout?.on("data", (d: Buffer) => {
      out += d;
      const port = /Listening on 127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        resolve(`http://127.0.0.1:${port}`);
      }
    });
  });
  return { child, url };
}

/** `npx hardhat cairn-deploy --network anvil`, as a user runs it. */
async function deploy(url: string, out: string, deploymentId: string) {
  const child = spawn(
    join(repoRoot, "node_modules/.bin/hardhat"),
    ["cairn-deploy", "--network", "anvil", "--out", out, "--deployment-id", deploymentId],
    { cwd: repoRoot, env: { ...process.env, ANVIL_RPC_URL: url }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const result = await finished(child);
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  return JSON.parse(await readFile(join(out, "anvil.json"), "utf8"));
}

describe("Anvil, a second EVM: deployed by the same Ignition command, then the SDK flow and the CLI tour", {
  timeout: 900_000,
  concurrency: false,
}, () => {
  let dir: string;
  let anvil: { child: ChildProcess; url: string };
  // biome-ignore lint/suspicious/noExplicitAny: a network file
  let network: any;
  const deploymentId = `test-anvil-${process.pid}-${Date.now()}`;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-anvil-"));
    anvil = await startAnvil();
  });

  after(async () => {
    if (anvil && anvil.child.exitCode === null) {
      const done = finished(anvil.child);
      anvil.child.kill("SIGTERM");
      await done;
    }
    await rm(join(repoRoot, "ignition", "deployments", deploymentId), { recursive: true, force: true });
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("cairn-deploy puts the core and the governance factory at their CREATE2 addresses and writes the network file", async () => {
    network = await deploy(anvil.url, join(dir, "networks"), deploymentId);
    assert.equal(network.name, "anvil");
    assert.equal(network.chainId, 31337);
    assert.equal(network.deploymentId, deploymentId);
    const publicClient = createPublicClient({ transport: http(anvil.url) });
    for (const key of ["registry", "vault", "factory"]) {
      const code = await publicClient.getCode({ address: network[key] });
      assert.ok(code && code !== "0x", `no code at ${key} ${network[key]}`);
    }
    const first = await publicClient.getTransactionReceipt({
      hash: (await publicClient.getBlock({ blockNumber: BigInt(network.deploymentBlock), includeTransactions: false }))
        .transactions[0] as `0x${string}`,
    });
    assert.equal(first.blockNumber, BigInt(network.deploymentBlock));
  });

  it("run again, it resumes: nothing is sent twice, the same addresses", async () => {
    const publicClient = createPublicClient({ transport: http(anvil.url) });
    const blockBefore = await publicClient.getBlockNumber();
    const again = await deploy(anvil.url, join(dir, "networks"), deploymentId);
    assert.deepEqual(again, network);
    assert.equal(await publicClient.getBlockNumber(), blockBefore);
  });

  it("the same addresses as on Hardhat's EDR (CREATE2 through CreateX: the chain does not matter)", async () => {
    const { network: hardhatNetwork } = await import("hardhat");
    const { default: GovernanceModule } = await import("../../../ignition/modules/Governance.js");
    const connection = await hardhatNetwork.create();
    // (artifact types are not generated in this package: the addresses are all this needs)
    const { registry, factory } = (await connection.ignition.deploy(GovernanceModule, {
      strategy: "create2",
    })) as unknown as Record<string, { address: string }>;
    assert.equal(registry.address, network.registry);
    assert.equal(factory.address, network.factory);
    await connection.close();
  });

  it("the SDK finds the deployment by chain id (no address given) and runs the README's example on Anvil", async () => {
    const sdk = await import("@cairn/sdk");
    const transport = http(anvil.url);
    const publicClient = createPublicClient({ transport });
    const client = await sdk.createCairnClient({
      publicClient,
      chain: { id: 31337 },
      deployments: sdk.deploymentsByChainId([sdk.parseNetworkFile(network)]),
    });
    assert.equal(client.registry, network.registry);
    assert.equal(client.vault, network.vault);
    const walletClient = createWalletClient({ account: privateKeyToAccount(devKeys[0]), transport });
    const token = await sdk.deployTestToken({ publicClient, walletClient, name: "Anvil Token", symbol: "ANV" });
    for (const key of devKeys) {
      const { address } = privateKeyToAccount(key);
      const hash = await walletClient.writeContract({
        address: token,
        abi: sdk.testTokenAbi,
        functionName: "mint",
        args: [address, 10n ** 24n],
        chain: null,
      });
      await publicClient.waitForTransactionReceipt({ hash });
    }
    // a dev file as `cairn dev` writes it, for the example and the CLI
    const devFile = {
      rpc: anvil.url,
      chainId: 31337,
      registry: network.registry,
      vault: network.vault,
      token,
      factory: network.factory,
      heliaDir: join(dir, "ipfs"),
      accounts: devKeys.map((privateKey) => ({ address: privateKeyToAccount(privateKey).address, privateKey })),
    };
    await mkdir(join(dir, "work"), { recursive: true });
    await writeFile(join(dir, "anvil.json"), JSON.stringify(devFile));
    const child = spawn(join(repoRoot, "node_modules/.bin/tsx"), [join(repoRoot, "examples/quickstart.ts")], {
      cwd: join(dir, "work"),
      env: { ...process.env, CAIRN_DEV_FILE: join(dir, "anvil.json") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const result = await finished(child);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /: registered/);
    assert.match(result.stdout, /was paid 9\d{19} \(smallest units\)/);
    assert.match(result.stdout, /verified: true/);
  });

  it("the CLI tour on Anvil: --network by name, then create → contribute → review → fund → claim → verify → export", async () => {
    const networksDir = join(dir, "user-networks");
    const opts = (key: number) => ({
      cwd: join(dir, "work"),
      env: { CAIRN_PRIVATE_KEY: devKeys[key], CAIRN_NETWORKS_DIR: networksDir },
    });
    const added = await json(
      ["network", "add", "anvil", "--from", join(dir, "networks", "anvil.json"), "--rpc", anvil.url],
      opts(0),
    );
    assert.equal(added.path, join(networksDir, "anvil.json"));
    const status = await json(["--network", "anvil", "status"], opts(0));
    assert.equal(status.registry, network.registry);
    const listed = await json(["network", "list"], opts(0));
    assert.ok(listed.networks.some((n: { name: string }) => n.name === "base-sepolia"));

    const config = ["--config", join(dir, "anvil.json")];
    const created = await json(
      [
        "dataset",
        "create",
        ...config,
        "--name",
        "Anvil proverbs",
        "--description",
        "d",
        "--language",
        "sw",
        "--license",
        "CC-BY-4.0",
        "--guidelines",
        "g",
        "--terms",
        "t",
        "--curator",
        devAddresses[0],
        "--quorum",
        "1",
      ],
      opts(0),
    );
    const id = String(created.datasetId);
    await mkdir(join(dir, "files"));
    await writeFile(join(dir, "files", "a.txt"), "Mwenda pole hajikwai.\n");
    await writeFile(join(dir, "files", "b.txt"), "Usipoziba ufa utajenga ukuta.\n");
    const contributed = await json(["contribute", join(dir, "files"), "--dataset", id, ...config], opts(1));
    const hashes = contributed.items.map((i: { contentHash: string }) => i.contentHash);
    assert.equal(hashes.length, 2);
    await json(["review", id, ...hashes, "--accept", "--score", "80", ...config], opts(0));
    await json(["fund", id, "100", ...config], opts(0));
    const claimed = await json(["claim", id, ...config], opts(1));
    assert.ok(claimed);
    const verified = await json(["verify", id, ...config], opts(2));
    assert.equal(verified.ok, true);
    assert.equal(verified.verified, 2);
    await json(["export", id, join(dir, "export"), ...config], opts(2));
    const provenance = (await readFile(join(dir, "export", "provenance.jsonl"), "utf8")).trim().split("\n");
    assert.equal(provenance.length, 2);
  });
});
