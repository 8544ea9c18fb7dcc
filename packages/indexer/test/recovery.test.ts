// The restart gate's rules (./restart.test.ts runs it with a real Ponder process on a real chain).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Checkpoints, createRecoveryGate } from "../src/api/recovery.js";

const cp = (block: number) =>
  `${String(1_700_000_000 + block).padStart(10, "0")}${"31337".padStart(16, "0")}${String(block).padStart(16, "0")}9`;

describe("recovery gate", () => {
  it("is open on a first start (no checkpoint) and when the previous run stopped on a final block", async () => {
    assert.equal(await createRecoveryGate(async () => null).starting(), null);
    const same = { latest: cp(40), safe: cp(40) };
    assert.equal(await createRecoveryGate(async () => same).starting(), null);
  });

  it("stays closed until Ponder commits a block past where the previous run stopped, then stays open", async () => {
    let now: Checkpoints | null = { latest: cp(40), safe: cp(10) };
    const gate = createRecoveryGate(async () => now);
    const closed = await gate.starting();
    assert.equal(closed?.safeCheckpoint, cp(10));
    assert.match(closed?.message ?? "", /starting/);
    now = { latest: cp(25), safe: cp(25) }; // the backfill re-indexed up to the final block: still behind
    assert.notEqual(await gate.starting(), null);
    now = { latest: cp(40), safe: cp(25) }; // same checkpoint as before the restart: not re-indexed by this run
    assert.notEqual(await gate.starting(), null);
    now = { latest: cp(41), safe: cp(25) };
    assert.equal(await gate.starting(), null);
    now = null; // once open, it never reads again
    assert.equal(await gate.starting(), null);
  });

  it("retries the first read until the database answers", async () => {
    let calls = 0;
    const gate = createRecoveryGate(
      async () => {
        if (++calls < 3) throw new Error("relation _ponder_checkpoint does not exist");
        return null;
      },
      { retryMs: 1 },
    );
    assert.equal(await gate.starting(), null);
    assert.equal(calls, 3);
  });
});
