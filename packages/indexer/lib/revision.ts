// A contribution row's revision: which event last wrote it. The REST lists keep each contribution's JSON by its
// revision (src/api/row-cache.ts) and ask the database only for the positions and revisions of a page's rows.
//
// Why the block hash and not a counter or the block number: the row's content after an event is a function of the
// chain's history up to that event, and a block hash names that history (it commits to every parent). A reorg that
// replaces a block, even with one of the same number, timestamp and log indexes, changes the hash; Ponder's revert
// restores a row with the revision it had, written by the event that made that very content; a restart or a
// re-indexed block writes the same revision for the same content. A counter in the handlers would repeat after a
// revert (the same count again on another branch, with other content), a block number after a reorg.

/** The event fields a revision is made of (Ponder's `event.block.hash` and `event.log.logIndex`). */
export type RevisionSource = { block: { hash: `0x${string}` }; log: { logIndex: number } };

/** The first 8 bytes of the block's hash with the log's index in its low bits, as a signed 64-bit integer (an int8
 *  column). Two writes share a revision only if their blocks' hashes share their first 8 bytes up to the low bits
 *  that the log indexes differ in: a chance of about 2^-48 for any two blocks. */
export function revisionOf({ block, log }: RevisionSource): bigint {
  if (block.hash !== lastHash) {
    lastHash = block.hash;
    lastPrefix = BigInt(block.hash.slice(0, 18));
  }
  return BigInt.asIntN(64, lastPrefix ^ BigInt(log.logIndex));
}

// The last block's hash and its first 8 bytes: a block's events come one after another, several writes each.
let lastHash = "";
let lastPrefix = 0n;
