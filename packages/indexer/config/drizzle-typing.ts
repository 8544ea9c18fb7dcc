import { PgDialect } from "drizzle-orm/pg-core";

type Typing = (encoder: unknown) => string;
type Memoized = Typing & { cairnMemo?: true };

/**
 * Memoizes drizzle's `PgDialect.prototype.prepareTyping` by encoder (a column) for this process. Returns whether it
 * was installed now (false when already installed, or when this drizzle has no such method).
 *
 * Why: drizzle 0.41 (the version Ponder 0.16 pins) asks `prepareTyping(column)` for every parameter of every query
 * it builds, and answers with up to ten `is(column, PgJsonb | PgNumeric | …)` tests, each walking the column's class
 * chain by its `entityKind` symbols. Ponder writes its sync tables (`ponder_sync.logs`: 12 parameters a log, ~1.4
 * million in a cold sync of the bench's 100,000 contributions) with such multi-row INSERTs, in its one indexing
 * thread: the profile gave `prepareTyping` 11 % of that thread (drizzle's `is` 14.5 %), more than our handlers and
 * Ponder's store together. The answer depends on the column's class only, so one per column object is exact; the
 * queries built are the same text, parameters and typings (test/drizzle-typing.test.ts). Nothing in node_modules
 * is changed: the method is wrapped on the class, in the process that runs Ponder (ponder.config.ts installs it),
 * and only if drizzle has it.
 */
export function memoizeDrizzleTyping(): boolean {
  const proto = PgDialect.prototype as unknown as { prepareTyping?: Memoized };
  const original = proto.prepareTyping;
  if (typeof original !== "function" || original.cairnMemo) return false;
  const memo = new WeakMap<object, string>();
  const memoized: Memoized = function (this: unknown, encoder: unknown) {
    if (typeof encoder !== "object" || encoder === null) return original.call(this, encoder);
    let typing = memo.get(encoder);
    if (typing === undefined) {
      typing = original.call(this, encoder);
      memo.set(encoder, typing);
    }
    return typing;
  };
  memoized.cairnMemo = true;
  proto.prepareTyping = memoized;
  return true;
}
