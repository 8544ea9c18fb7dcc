// The contribution table keeps its dataset id and position as int8 (../ponder.schema.ts). A client may still ask
// for any non-negative integer of up to 78 digits (a uint256), and PostgreSQL refuses a larger int8 parameter with an
// error: these say what such a request means before it reaches the database.

/** The largest int8. */
export const int8Max = 2n ** 63n - 1n;

/** Whether `value` fits an int8 column; a dataset id that does not names no dataset with contributions. */
export const fitsInt8 = (value: bigint): boolean => value >= -int8Max - 1n && value <= int8Max;

/** A cursor over int8 positions: one beyond them all is after every row, as the largest int8 is. */
export const int8Cursor = (after: bigint): bigint => (after > int8Max ? int8Max : after);
