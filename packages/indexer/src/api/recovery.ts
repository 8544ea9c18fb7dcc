// An indexer restarted on its own tables answers "indexer starting" (503) until it has indexed again the blocks that
// Ponder's crash recovery reverted.
//
// Ponder 0.16, when it finds tables left by a previous run (a restart is always a "crash recovery"), reverts every
// row written after the safe checkpoint (the last block that was final, 30 blocks behind the head on chain 31337)
// but leaves `_ponder_checkpoint.latest_checkpoint` where the previous run stopped. Those blocks' events are indexed
// again only with the next block its realtime sync sees: on a chain with no new block, never. Until then the tables
// are older than the checkpoint says (a dataset created in those blocks is "not found" while /healthz reports the
// head). So: the checkpoints are read once as the process starts (before Ponder can index anything: it first
// migrates, then backfills); if the latest was ahead of the safe one, nothing is answered until Ponder has
// committed a block past that latest checkpoint. The gate then stays open for the life of the process.

export type Checkpoints = { latest: string; safe: string };

export type RecoveryGate = {
  /** Null once the tables are consistent with the checkpoint; else why to answer 503, and what the tables hold. */
  starting(): Promise<{ message: string; safeCheckpoint: string } | null>;
};

export function createRecoveryGate(
  read: () => Promise<Checkpoints | null>,
  { retryMs = 50 }: { retryMs?: number } = {},
): RecoveryGate {
  // Retried until the database answers: the first answer is the state the previous run left (or none).
  const atStart = (async () => {
    for (;;) {
      try {
        return await read();
      } catch {
        await new Promise((r) => setTimeout(r, retryMs));
      }
    }
  })();
  let open = false;
  return {
    async starting() {
      if (open) return null;
      const before = await atStart;
      if (!before || before.latest <= before.safe) {
        open = true;
        return null;
      }
      const now = await read();
      if (now && now.latest > before.latest) {
        open = true;
        return null;
      }
      return {
        message:
          "The indexer is starting: it indexes again the blocks that were not final when it stopped (with the chain's next block).",
        safeCheckpoint: before.safe,
      };
    },
  };
}
