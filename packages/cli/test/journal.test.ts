import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Journal, type JournalEntry, localFiles, resumeDecision } from "../src/lib/journal.js";

const genesis = `0x${"aa".repeat(32)}` as const;
const otherGenesis = `0x${"bb".repeat(32)}` as const;
const start = (g?: `0x${string}`): JournalEntry => ({ t: "start", at: "now", files: 1, account: "0x1", genesis: g });
const stored: JournalEntry = {
  t: "stored",
  path: "/data/haba.txt",
  size: 28,
  mtimeMs: 1,
  contentHash: `0x${"CD".repeat(32)}`,
  cid: "bafkreih",
};

describe("contribution journal", () => {
  it("resumes an unfinished run on the same chain", () => {
    assert.equal(resumeDecision([], genesis), "new");
    assert.equal(resumeDecision([start(genesis), stored], genesis), "resume");
    // journals written before the genesis was recorded still resume
    assert.equal(resumeDecision([start(), stored], genesis), "resume");
  });

  it("does not resume a finished run, nor one of a chain that no longer exists", () => {
    assert.equal(resumeDecision([start(genesis), stored, { t: "done", at: "now" }], genesis), "finished");
    assert.equal(resumeDecision([start(otherGenesis), stored], genesis), "vanished");
    assert.equal(resumeDecision([start(otherGenesis), stored, { t: "done", at: "now" }], genesis), "vanished");
  });

  it("reset empties the file; localFiles maps content hashes to the files they were stored from", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cairn-journal-"));
    try {
      const { journal } = await Journal.open(join(dir, "journal", "7-abc.jsonl"));
      await journal.append(start(genesis));
      await journal.append(stored);
      const files = await localFiles(dir, 7n);
      assert.equal(files.get(`0x${"cd".repeat(32)}`), "/data/haba.txt");
      assert.equal((await localFiles(dir, 8n)).size, 0, "another dataset's journal is not read");
      await journal.reset();
      await journal.append(start(genesis));
      const lines = (await readFile(journal.path, "utf8")).trim().split("\n");
      assert.equal(lines.length, 1);
      await journal.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
