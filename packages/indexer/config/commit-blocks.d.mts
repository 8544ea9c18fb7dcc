/** The one statement committing the reorg records of `tables` (Ponder's drizzle tables), or null for no tables. */
export declare function commitBlocksSql(
  tables: unknown[],
  marks: { checkpoint: string; maxCheckpoint: string; chainId?: bigint },
): string | null;
/** Ponder's per-table `commitBlock`s of a live block, in one statement through `qb`. */
export declare function commitBlocks(
  qb: unknown,
  block: { tables: unknown[]; checkpoint: string; preBuild: { ordering?: string } },
  context: unknown,
  maxCheckpoint: string,
): Promise<void>;
