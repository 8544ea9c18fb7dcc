/** Keeps the PGlite `ponder start` checked for its database; closes it for any other command. */
export declare function keepChecked(
  instance: { close(): Promise<void> },
  options: { dataDir?: string },
  command: string,
): Promise<void>;
/** The PGlite the check kept, if it opened the same folder and is still open; else `create(options)`. */
export declare function reuseChecked<P extends { closed?: boolean }>(
  options: { dataDir?: string },
  create: (options: { dataDir?: string }) => P,
): P;
