import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CID } from "multiformats/cid";
import {
  type AvailabilityItem,
  checkAvailability,
  createHeliaStore,
  createPinningServiceStore,
  type HeliaStore,
  hashBytes,
  type PinningServiceStore,
  repairAvailability,
} from "../src/index.js";
import { startPinningServer } from "./utils/pinning-server.js";

/** The blocks on disk under a Helia node, as a failing disk or a careless operator would change them. */
const disk = (store: HeliaStore) =>
  (
    store.helia.blockstore as unknown as {
      child: { delete(cid: CID): Promise<void>; put(cid: CID, b: Uint8Array): Promise<unknown> };
    }
  ).child;

describe("data that stays alive: two independent copies, checked and repaired", { timeout: 180_000 }, () => {
  let dir: string;
  let local: HeliaStore;
  let server: Awaited<ReturnType<typeof startPinningServer>>;
  let pinning: PinningServiceStore;
  const items: AvailabilityItem[] = [];
  const files = [
    new TextEncoder().encode("Haba na haba hujaza kibaba.\n"),
    new TextEncoder().encode("Asiyefunzwa na mamaye hufunzwa na ulimwengu.\n"),
    randomBytes(3 * 1024 * 1024 + 17), // several blocks: a DAG fetched over bitswap
  ];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-availability-"));
    local = await createHeliaStore({ directory: join(dir, "local"), listen: ["/ip4/127.0.0.1/tcp/0"] });
    server = await startPinningServer({ directory: join(dir, "service"), token: "secret" });
    pinning = createPinningServiceStore({
      endpoint: server.url,
      accessToken: "secret",
      origin: local,
      gateway: server.url,
      name: "pinning-service",
    });
  });

  after(async () => {
    await pinning?.close();
    await server?.close();
    await local?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("put through the Pinning Service API: stored at the origin, fetched and pinned by the service", async () => {
    for (const bytes of files) {
      const { cid, sha256 } = await pinning.put(bytes);
      items.push({ cid, contentHash: sha256 });
      const pins = await pinning.pins(cid);
      assert.equal(pins.length, 1);
      assert.equal(pins[0].status, "pinned");
      assert.ok(await server.store.helia.blockstore.has(CID.parse(cid)), "the service holds the root block");
    }
    const report = await checkAvailability({ items, stores: [local, pinning], minCopies: 2, concurrency: 4 });
    assert.equal(report.summary.healthy, 3);
    for (const f of report.files) assert.equal(f.copies, 2);
  });

  it("a wrong token is refused by the service, and the error says so", async () => {
    const intruder = createPinningServiceStore({
      endpoint: server.url,
      accessToken: "wrong",
      origin: local,
      gateway: server.url,
    });
    await assert.rejects(intruder.pin(items[0].cid), /Status: 401|failed to POST \/pins/);
  });

  it("the service loses a file and the origin holds a corrupt copy of another: both reported, then repaired", async () => {
    // the service loses file 0 (every block: it is one raw block)
    const lost = CID.parse(items[0].cid);
    for await (const _ of server.store.helia.pins.rm(lost)) {
      // unpinned
    }
    await disk(server.store).delete(lost);
    // the origin's copy of file 1 is damaged on disk
    const damaged = CID.parse(items[1].cid);
    await disk(local).delete(damaged);
    await disk(local).put(damaged, new TextEncoder().encode("not the proverb\n"));

    const report = await checkAvailability({ items, stores: [local, pinning], minCopies: 2 });
    const [f0, f1, f2] = report.files;
    assert.equal(f0.stores["pinning-service"].status, "missing");
    assert.equal(f0.stores.helia.status, "available");
    assert.equal(f0.copies, 1);
    assert.equal(f1.stores.helia.status, "corrupt");
    assert.equal(f1.stores["pinning-service"].status, "available");
    assert.equal(f2.copies, 2);
    assert.deepEqual(report.summary, {
      files: 3,
      healthy: 1,
      atRisk: 2,
      lost: 0,
      byStore: {
        helia: { available: 2, missing: 0, corrupt: 1, unreachable: 0 },
        "pinning-service": { available: 2, missing: 1, corrupt: 0, unreachable: 0 },
      },
    });

    // the corrupt block must go before a good one can be put back (a blockstore keeps what it has)
    await disk(local).delete(damaged);
    const { repairs, after: checked } = await repairAvailability({ report, stores: [local, pinning] });
    assert.deepEqual(
      repairs.map((r) => [r.cid, r.from, r.to, r.ok]),
      [
        [items[0].cid, "helia", "pinning-service", true],
        [items[1].cid, "pinning-service", "helia", true],
      ],
    );
    assert.equal(checked.summary.healthy, 2);
    for (const f of checked.files) assert.equal(f.copies, 2);
  });

  it("a store that cannot be reached is `unreachable`, not `missing`", async () => {
    const down = createPinningServiceStore({
      endpoint: "http://127.0.0.1:9",
      accessToken: "x",
      origin: local,
      gateway: "http://127.0.0.1:9",
      name: "down",
    });
    const report = await checkAvailability({ items: items.slice(0, 1), stores: [local, down] });
    assert.equal(report.files[0].stores.down.status, "unreachable");
    assert.equal(report.files[0].copies, 1);
  });

  it("the sha256 of the bytes is checked too: a right CID with the wrong contentHash is corrupt", async () => {
    const other = await hashBytes(new TextEncoder().encode("something else"));
    const report = await checkAvailability({
      items: [{ cid: items[0].cid, contentHash: other.sha256 }],
      stores: [local],
    });
    assert.equal(report.files[0].stores.helia.status, "corrupt");
  });
});
