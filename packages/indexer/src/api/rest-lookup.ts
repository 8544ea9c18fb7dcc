// Which of these contents are registered? `POST /v1/contributions/lookup` with `{ items: [{ datasetId, contentHash }] }`
// (at most 1,000) answers `{ indexedBlock, registered: [{ datasetId, contentHash, contributor, status }] }`, listing
// those found (a withdrawn or removed contribution stays registered: the registry keeps its record). The relayer asks
// it before accepting signed items (packages/relayer/src/indexer.ts): one round trip instead of a dry run on the
// chain. An answer as of `indexedBlock`; the chain stays the authority.
import { contribution } from "ponder:schema";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { and, eq, inArray, or } from "ponder";
import { getAddress, isHex } from "viem";
import { fitsInt8 } from "../../lib/int8.js";
import { decodeCheckpoint, readCheckpoint } from "./health.js";
import { ApiError, bigintOf } from "./rest.js";

// biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
type Db = any;

export const maxLookupItems = 1000;

function parseItems(body: unknown): Map<bigint, Set<`0x${string}`>> {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > maxLookupItems)
    throw new ApiError(
      400,
      "bad_items",
      `items must be an array of 1 to ${maxLookupItems} { datasetId, contentHash }.`,
    );
  const byDataset = new Map<bigint, Set<`0x${string}`>>();
  for (const item of items) {
    const { datasetId, contentHash } = (item ?? {}) as { datasetId?: unknown; contentHash?: unknown };
    const id = bigintOf(typeof datasetId === "string" ? datasetId : undefined, "datasetId");
    if (id === undefined) throw new ApiError(400, "bad_datasetId", "datasetId must be a non-negative integer string.");
    if (typeof contentHash !== "string" || !isHex(contentHash) || contentHash.length !== 66)
      throw new ApiError(400, "bad_content_hash", "contentHash must be 32 bytes of hex.");
    const set = byDataset.get(id) ?? new Set();
    byDataset.set(id, set);
    set.add(contentHash.toLowerCase() as `0x${string}`);
  }
  return byDataset;
}

type Registered = { datasetId: bigint; contentHash: string; contributor: string; status: string };

/** The contributions registered among those asked. A dataset id beyond int8 has none (../../lib/int8.ts): with no
 *  other left, nothing is read. */
async function registered(db: Db, byDataset: Map<bigint, Set<`0x${string}`>>): Promise<Registered[]> {
  const asked = [...byDataset].filter(([id]) => fitsInt8(id));
  if (asked.length === 0) return [];
  return db
    .select({
      datasetId: contribution.datasetId,
      contentHash: contribution.contentHash,
      contributor: contribution.contributor,
      status: contribution.status,
    })
    .from(contribution)
    .where(
      or(
        ...asked.map(([id, hashes]) =>
          and(eq(contribution.datasetId, id), inArray(contribution.contentHash, [...hashes])),
        ),
      ),
    );
}

export function lookupRest(db: Db) {
  const app = new Hono();
  // 1,000 items of ~100 bytes each: a larger body is refused before it is read whole.
  const limit = bodyLimit({
    maxSize: 256 * 1024,
    onError: (c) => c.json({ error: { code: "body_too_large", message: "The body is over 256 KiB." } }, 413),
  });
  app.post("/contributions/lookup", limit, async (c) => {
    const body = await c.req.json().catch(() => {
      throw new ApiError(400, "bad_json", "The body must be JSON.");
    });
    const byDataset = parseItems(body);
    // The checkpoint first: rows read after it are at least as recent, so `indexedBlock` never overstates.
    const checkpoint = await readCheckpoint(db);
    const rows = await registered(db, byDataset);
    return c.json({
      indexedBlock: checkpoint ? decodeCheckpoint(checkpoint).blockNumber : null,
      registered: rows.map((r) => ({
        datasetId: r.datasetId.toString(),
        contentHash: r.contentHash,
        contributor: getAddress(r.contributor),
        status: r.status,
      })),
    });
  });
  return app;
}
