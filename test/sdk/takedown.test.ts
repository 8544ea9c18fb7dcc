import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type CairnClient,
  ContractCallError,
  contribute,
  createCairnClient,
  createDataset,
  createHeliaStore,
  createPinningServiceStore,
  cutRelease,
  exportDataset,
  exportRelease,
  getContribution,
  type HeliaStore,
  listContributions,
  type PinningServiceStore,
  takedownContribution,
  takedownReasonOf,
  withClient,
} from "@cairn/sdk";
import { network } from "hardhat";
import { CID } from "multiformats/cid";
import { cairnRegistryAbi } from "../../packages/sdk/src/abis/cairnRegistry.js";
import { startPinningServer } from "../../packages/sdk/test/utils/pinning-server.js";

const manifest = {
  schema: "cairn.manifest/1" as const,
  name: "Voices",
  description: "Short recordings transcribed.",
  language: "br",
  license: "CC-BY-4.0",
  items: { kind: "text" as const, mediaTypes: ["text/plain"] },
  guidelines: "One sentence per file.",
  terms: "I hold the rights to what I contribute.",
};

/**
 * A takedown with the real parts: the chain (EDR), an embedded Helia node as the origin store, and a Pinning
 * Service API server (backed by its own Helia) that pins everything contributed. The removed item must leave
 * the export, the lists and both stores; the justification stays stored and public.
 */
describe("takedownContribution: removed on-chain, gone from exports, lists and the stores Cairn controls", async () => {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [steward, curator, contributor, stranger] = await viem.getWalletClients();
  let dir: string;
  let origin: HeliaStore;
  let server: Awaited<ReturnType<typeof startPinningServer>>;
  let pinning: PinningServiceStore;
  let base: CairnClient;
  let datasetId: bigint;
  const as = (wallet: typeof steward) => withClient(base, { walletClient: wallet as never });
  const files = {
    kept: new TextEncoder().encode("Demat d'an holl.\n"),
    removed: new TextEncoder().encode("Va niverenn pellgomz eo 06 12 34 56 78.\n"),
  };
  const hashes: Record<string, `0x${string}`> = {};
  let releaseBefore: bigint;
  const cids: Record<string, string> = {};

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-takedown-"));
    origin = await createHeliaStore({ directory: join(dir, "origin"), listen: ["/ip4/127.0.0.1/tcp/0"] });
    server = await startPinningServer({ directory: join(dir, "service"), token: "secret" });
    pinning = createPinningServiceStore({
      endpoint: server.url,
      accessToken: "secret",
      origin,
      gateway: server.url,
      name: "pinning-service",
    });
    const registry = await viem.deployContract("CairnRegistry");
    const releases = await viem.deployContract("ReleaseRegistry", [registry.address]);
    base = await createCairnClient({
      publicClient: publicClient as never,
      registry: registry.address,
      releases: releases.address,
      store: pinning,
    });
    ({ datasetId } = await createDataset(as(steward), {
      manifest,
      curators: [curator.account.address],
      quorum: 0,
    }));
    await mkdir(join(dir, "files"));
    await writeFile(join(dir, "files", "kept.txt"), files.kept);
    await writeFile(join(dir, "files", "removed.txt"), files.removed);
    const { outcomes } = await contribute(as(contributor), {
      datasetId,
      contents: [join(dir, "files", "kept.txt"), join(dir, "files", "removed.txt")],
    });
    for (const o of outcomes) assert.equal(o.status, "registered");
    for (const [name, label] of [
      ["kept", "kept.txt"],
      ["removed", "removed.txt"],
    ] as const) {
      const outcome = outcomes.find((o) => o.label?.endsWith(label));
      assert.ok(outcome);
      hashes[name] = outcome.contentHash;
      cids[name] = (await getContribution(base, { datasetId, contentHash: outcome.contentHash })).cid;
    }
    ({ releaseId: releaseBefore } = await cutRelease(as(steward), { datasetId }));
  });

  after(async () => {
    await pinning?.close();
    await server?.close();
    await origin?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("exports both files before, and both are pinned by the service and held at the origin", async () => {
    const { exported } = await exportDataset(base, { datasetId, directory: join(dir, "before") });
    assert.equal(exported, 2);
    for (const cid of Object.values(cids)) {
      assert.equal((await pinning.pins(cid)).length, 1);
      assert.ok(await origin.has(cid));
    }
  });

  it("refuses a contributor who is neither curator nor steward, with the decoded error", async () => {
    await assert.rejects(
      takedownContribution(as(stranger), {
        datasetId,
        contentHash: hashes.removed,
        reason: "personal-data",
        justification: { cid: cids.kept },
      }),
      (error: unknown) => error instanceof ContractCallError && error.errorName === "NotCuratorOrSteward",
    );
  });

  it("a curator removes one: recorded with who and why, then unpinned from the service and deleted at the origin", async () => {
    const justification = new TextEncoder().encode("The speaker's phone number is in the text (request #42).\n");
    const result = await takedownContribution(as(curator), {
      datasetId,
      contentHash: hashes.removed,
      reason: "personal-data",
      justification: { content: justification },
    });
    assert.equal(result.cid, cids.removed);
    assert.deepEqual(result.unpinned, [{ store: "pinning-service", held: true }]);

    const [event] = await publicClient.getContractEvents({
      address: base.registry,
      abi: cairnRegistryAbi,
      eventName: "ContributionRemoved",
      args: { datasetId },
      fromBlock: 0n,
    });
    assert.equal(event.args.by?.toLowerCase(), curator.account.address.toLowerCase());
    assert.equal(takedownReasonOf(Number(event.args.reason)), "personal-data");
    assert.equal((await getContribution(base, { datasetId, contentHash: hashes.removed })).status, "removed");

    // Gone from the stores Cairn controls: no pin on the service, no block at the origin.
    assert.deepEqual(await pinning.pins(cids.removed), []);
    assert.equal(await origin.has(cids.removed), false);
    assert.equal(await server.store.helia.pins.isPinned(CID.parse(cids.removed)), false);
    // The kept file and the justification stay.
    assert.equal((await pinning.pins(cids.kept)).length, 1);
    assert.ok(await origin.has(cids.kept));
    const chunks: Uint8Array[] = [];
    for await (const chunk of pinning.get(result.justificationCid)) chunks.push(chunk);
    assert.deepEqual(Buffer.concat(chunks), Buffer.from(justification));
  });

  it("leaves the export and the lists; a list asked for removed ones still finds it", async () => {
    const directory = join(dir, "after");
    const { exported, failures } = await exportDataset(base, { datasetId, directory });
    assert.equal(exported, 1);
    assert.deepEqual(failures, []);
    const provenance = (await readFile(join(directory, "provenance.jsonl"), "utf8")).trim().split("\n");
    assert.equal(provenance.length, 1);
    assert.ok(provenance[0].includes(hashes.kept.slice(2)), "the kept file's provenance");
    assert.equal((await readdir(join(directory, "files"))).length, 1);

    const { contributions } = await listContributions(base, { datasetId });
    assert.deepEqual(
      contributions.map((c) => c.contentHash),
      [hashes.kept],
    );
    const removed = await listContributions(base, { datasetId, status: "removed" });
    assert.deepEqual(
      removed.contributions.map((c) => c.contentHash),
      [hashes.removed],
    );
  });

  it("a release cut afterwards leaves it out; exporting the release cut before leaves its bytes out too", async () => {
    const after = await cutRelease(as(steward), { datasetId });
    assert.equal(after.itemCount, 1, "the tree is built from the accepted contributions only");
    const exported = await exportRelease(base, {
      releaseId: releaseBefore,
      directory: join(dir, "release-before"),
      format: "jsonl",
    });
    assert.equal(exported.release.itemCount, 2n, "the earlier release's root still has both leaves");
    assert.equal(exported.items, 1);
    assert.deepEqual(exported.removed, [hashes.removed]);
    assert.deepEqual(exported.failures, []);
  });
});
