import type { CairnClient } from "../../client.js";
import { CidMismatchError } from "../../errors/store.js";
import { hashStream, toAsyncIterable } from "../../hash/hashStream.js";
import type { CidProfile } from "../../hash/profiles.js";
import { type ContributionContent, openContent } from "../../internal/source.js";
import type { ContentSource, ContentStore } from "../../stores/types.js";
import type { ContributionOutcome, ContributionProgress, PreparedContribution } from "../../types/contribution.js";

/**
 * Whether content put in `store` is seen by others before it is registered: a Kubo node announces what it
 * holds, a pinning service and a gateway serve it, a networked Helia node answers bitswap requests. The first
 * registration of a content hash wins, so for such a store `contribute` registers first and publishes after.
 */
export function isPublicStore(store: ContentStore | undefined): boolean {
  return store?.public === true;
}

/** An item hashed but not yet stored, with a way to read its bytes again for the publication. */
export type HashedItem = PreparedContribution & { reopen: () => Promise<ContentSource> };

/**
 * Hashes every item locally (sha256 and CID under the profile, one streaming pass) without storing anything.
 * A path is read again when it is published; other one-shot streams are kept in memory until then.
 */
export async function hashAll(p: {
  datasetId: bigint;
  contents: ReadonlyArray<ContributionContent | PreparedContribution>;
  profile?: CidProfile | undefined;
  onProgress?: ((progress: ContributionProgress) => void) | undefined;
}): Promise<HashedItem[]> {
  const items: HashedItem[] = [];
  let bytesDone = 0;
  for (const [index, content] of p.contents.entries()) {
    if (typeof content === "object" && content !== null && "contentHash" in content && "cid" in content) {
      throw new TypeError("Items prepared (stored) beforehand were already published: pass the files or bytes.");
    }
    const label = typeof content === "string" ? content : `item ${index + 1}`;
    let reopen: () => Promise<ContentSource>;
    let hashed: Awaited<ReturnType<typeof hashStream>>;
    const before = bytesDone;
    const onProgress = ({ bytes }: { bytes: number }) =>
      p.onProgress?.({
        phase: "storing",
        itemsDone: index,
        itemsTotal: p.contents.length,
        bytesDone: before + bytes,
        bytesTotal: 0,
        label,
      });
    if (typeof content === "string") {
      const { source } = await openContent(content);
      hashed = await hashStream(source as Parameters<typeof hashStream>[0], { profile: p.profile, onProgress });
      reopen = async () => (await openContent(content)).source;
    } else if (content instanceof Uint8Array) {
      hashed = await hashStream([content], { profile: p.profile, onProgress });
      reopen = async () => content;
    } else {
      const chunks: Uint8Array[] = [];
      hashed = await hashStream(
        (async function* () {
          for await (const chunk of toAsyncIterable(content)) {
            chunks.push(chunk);
            yield chunk;
          }
        })(),
        { profile: p.profile, onProgress },
      );
      reopen = async () => chunks;
    }
    bytesDone = before + Number(hashed.size);
    items.push({
      datasetId: p.datasetId,
      contentHash: hashed.sha256,
      cid: hashed.cid,
      size: hashed.size,
      label,
      reopen,
    });
  }
  return items;
}

/**
 * Publishes (stores) the bytes of the items registered in `outcomes`, each checked against the CID that was
 * registered. Items skipped on-chain (a duplicate: someone registered the content first) are not published.
 */
export async function publishRegistered(
  client: CairnClient & { store: ContentStore },
  items: HashedItem[],
  outcomes: ContributionOutcome[],
  profile: CidProfile | undefined,
  onProgress?: ((progress: ContributionProgress) => void) | undefined,
): Promise<void> {
  const registered = new Set(outcomes.filter((o) => o.status === "registered").map((o) => o.contentHash));
  const toPublish = items.filter((i) => registered.has(i.contentHash));
  for (const [index, item] of toPublish.entries()) {
    onProgress?.({
      phase: "publishing",
      itemsDone: index,
      itemsTotal: toPublish.length,
      bytesDone: 0,
      bytesTotal: 0,
      label: item.label,
    });
    const { cid } = await client.store.put(await item.reopen(), { profile });
    if (cid !== item.cid) {
      throw new CidMismatchError({
        store: client.store.name,
        expected: item.cid,
        actual: cid,
        profile: profile ?? "unixfs-v1-2025",
      });
    }
  }
}
