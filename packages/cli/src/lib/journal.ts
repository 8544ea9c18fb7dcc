import { mkdir, open, readFile, truncate } from "node:fs/promises";
import { dirname } from "node:path";
import type { Hash, Hex } from "viem";

/** One line of a contribution journal. */
export type JournalEntry =
  | { t: "start"; at: string; files: number; account: string; genesis?: Hash | undefined }
  | { t: "stored"; path: string; size: number; mtimeMs: number; contentHash: Hex; cid: string }
  | { t: "submitted"; tx: Hash; items: Hex[]; at: string }
  | { t: "outcome"; tx: Hash; registered: Hex[]; skipped: Array<{ contentHash: Hex; reason: string }> }
  | { t: "dropped"; tx: Hash }
  | { t: "relayed"; keys: Hex[]; items: Hex[]; at: string }
  | { t: "done"; at: string };

/**
 * An append-only JSONL journal, each line fsync'd before the step it records is considered done: a run
 * stopped at any point (Ctrl-C, crash, power loss) leaves a journal that is a prefix of what happened.
 * A torn last line (crash mid-write) is dropped on open.
 */
export class Journal {
  private constructor(
    readonly path: string,
    private handle: Awaited<ReturnType<typeof open>>,
  ) {}

  static async open(path: string): Promise<{ journal: Journal; entries: JournalEntry[] }> {
    await mkdir(dirname(path), { recursive: true });
    let text = "";
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
    // Only whole lines count: a torn last line (no newline yet) is cut off before appending.
    const whole = text.slice(0, text.lastIndexOf("\n") + 1);
    if (whole.length < text.length) await truncate(path, Buffer.byteLength(whole));
    const entries: JournalEntry[] = [];
    for (const line of whole.split("\n")) {
      if (line.trim() === "") continue;
      entries.push(JSON.parse(line));
    }
    return { journal: new Journal(path, await open(path, "a")), entries };
  }

  async append(entry: JournalEntry): Promise<void> {
    await this.handle.write(`${JSON.stringify(entry)}\n`);
    await this.handle.sync();
  }

  /** Empties the journal: what it recorded no longer applies (the run finished, or its chain is gone). */
  async reset(): Promise<void> {
    await this.handle.truncate(0);
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * What a new run should do with a journal's entries: resume them, or start afresh because the run they record
 * finished, or because their chain is gone (a restarted `cairn dev` has the same chain id and addresses but
 * another genesis block, `genesis` here).
 */
export function resumeDecision(entries: JournalEntry[], genesis: Hash): "resume" | "finished" | "vanished" | "new" {
  if (entries.length === 0) return "new";
  if (entries.some((e) => e.t === "start" && e.genesis !== undefined && e.genesis !== genesis)) return "vanished";
  if (entries.at(-1)?.t === "done") return "finished";
  return "resume";
}

/**
 * The local file each content hash was stored from, by this machine, for a dataset: read from the journals of
 * `cairn contribute` in `<dataDir>/journal`. Lets a user find the content hash of their own files.
 */
export async function localFiles(dataDir: string, datasetId: bigint): Promise<Map<string, string>> {
  const { readdir } = await import("node:fs/promises");
  const { join } = await import("node:path");
  const dir = join(dataDir, "journal");
  const files = new Map<string, string>();
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => n.startsWith(`${datasetId}-`) && n.endsWith(".jsonl"));
  } catch {
    return files;
  }
  for (const name of names) {
    const text = await readFile(join(dir, name), "utf8").catch(() => "");
    for (const line of text.split("\n")) {
      try {
        const entry = JSON.parse(line) as JournalEntry;
        if (entry.t === "stored") files.set(entry.contentHash.toLowerCase(), entry.path);
      } catch {}
    }
  }
  return files;
}
