import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type CairnClient,
  type ContentStore,
  contribute,
  createCairnClient,
  createDataset,
  createHeliaStore,
  createPinningServiceStore,
  getContribution,
  type HeliaStore,
  hashBytes,
  type PinningServiceStore,
  withClient,
} from "@cairn/sdk";
import { network } from "hardhat";
import { startPinningServer } from "../../packages/sdk/test/utils/pinning-server.js";

const manifest = {
  schema: "cairn.manifest/1" as const,
  name: "Order",
  description: "Register before publishing.",
  language: "en",
  license: "CC0-1.0",
  items: { kind: "text" as const, mediaTypes: ["text/plain"] },
  guidelines: "Anything.",
  terms: "Mine to give.",
};

/**
 * Where the store is public (here a real Pinning Service API server and a networked Helia node), `contribute`
 * registers first and publishes after; with a private store (an embedded node off the network) it stores first.
 * The store is the real one, observed: each `put` records whether the registry already knew the content.
 */
describe("contribute registers before it publishes where the store is public", async () => {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [steward, contributor, sniper] = await viem.getWalletClients();
  let dir: string;
  let origin: HeliaStore;
  let offline: HeliaStore;
  let server: Awaited<ReturnType<typeof startPinningServer>>;
  let pinning: PinningServiceStore;
  let base: CairnClient;
  let datasetId: bigint;
  const as = (wallet: typeof steward, store: ContentStore) =>
    withClient(base, { walletClient: wallet as never, store });

  /** The real store, with each put noting whether the content was already registered when it was stored. */
  function observed(store: ContentStore, seen: { cid: string; registeredBefore: boolean }[]): ContentStore {
    return {
      ...store,
      name: store.name,
      public: store.public,
      async put(content, options) {
        const result = await store.put(content, options);
        const registeredBefore = await getContribution(base, { datasetId, contentHash: result.sha256 }).then(
          () => true,
          () => false,
        );
        seen.push({ cid: result.cid, registeredBefore });
        return result;
      },
    };
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-register-first-"));
    origin = await createHeliaStore({ directory: join(dir, "origin"), listen: ["/ip4/127.0.0.1/tcp/0"] });
    offline = await createHeliaStore({ directory: join(dir, "offline") });
    server = await startPinningServer({ directory: join(dir, "service"), token: "secret" });
    pinning = createPinningServiceStore({ endpoint: server.url, accessToken: "secret", origin, gateway: server.url });
    const registry = await viem.deployContract("CairnRegistry");
    base = await createCairnClient({ publicClient: publicClient as never, registry: registry.address, store: offline });
    ({ datasetId } = await createDataset(as(steward, offline), { manifest, quorum: 0 }));
  });

  after(async () => {
    await pinning?.close();
    await server?.close();
    await origin?.close();
    await offline?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("knows which stores are public", () => {
    assert.equal(pinning.public, true);
    assert.equal(origin.public, true, "a Helia node on the network");
    assert.equal(offline.public, false, "an embedded node off the network");
  });

  it("with a pinning service: registers each file, then stores and pins it (the registered CID)", async () => {
    const seen: { cid: string; registeredBefore: boolean }[] = [];
    const files = [new TextEncoder().encode("first public file\n"), new TextEncoder().encode("second public file\n")];
    const { outcomes } = await contribute(as(contributor, observed(pinning, seen)), { datasetId, contents: files });
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ["registered", "registered"],
    );
    assert.equal(seen.length, 2);
    assert.ok(
      seen.every((s) => s.registeredBefore),
      "every file was registered before it reached the store",
    );
    for (const o of outcomes) {
      const { cid } = await getContribution(base, { datasetId, contentHash: o.contentHash });
      const [pin] = await pinning.pins(cid);
      assert.equal(pin?.status, "pinned", "published after registration, and pinned");
    }
  });

  it("does not publish content someone else registered first", async () => {
    const bytes = new TextEncoder().encode("the sniper was first\n");
    const { sha256, cid, size } = await hashBytes(bytes);
    await contribute(as(sniper, offline), { datasetId, contents: [bytes] });
    const seen: { cid: string; registeredBefore: boolean }[] = [];
    const fresh = new TextEncoder().encode("a file nobody has\n");
    const { outcomes } = await contribute(as(contributor, observed(pinning, seen)), {
      datasetId,
      contents: [bytes, fresh],
      onDuplicate: "skip",
    });
    assert.deepEqual(
      outcomes.map((o) => [o.contentHash, o.status]),
      [
        [sha256, "skipped"],
        [(await hashBytes(fresh)).sha256, "registered"],
      ],
    );
    assert.equal(seen.length, 1, "only the registered file was published");
    assert.notEqual(seen[0].cid, cid);
    assert.deepEqual(await pinning.pins(cid), []);
    assert.ok(size > 0n);
  });

  it("with a private store: stores first (nothing is announced), then registers", async () => {
    const seen: { cid: string; registeredBefore: boolean }[] = [];
    const { outcomes } = await contribute(as(contributor, observed(offline, seen)), {
      datasetId,
      contents: [new TextEncoder().encode("private first\n")],
    });
    assert.equal(outcomes[0].status, "registered");
    assert.deepEqual(
      seen.map((s) => s.registeredBefore),
      [false],
    );
  });
});
