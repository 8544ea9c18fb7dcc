/** Drops the calldata (`input`) of the transactions in a block answer's JSON text (see relay-worker.mjs). */
export function withoutCalldata(text: string): string;
