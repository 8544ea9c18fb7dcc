import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { finished, freePort, repoRoot, startDev } from "./helpers.js";

describe("the README's SDK example", () => {
  let dir: string;
  let dev: Awaited<ReturnType<typeof startDev>>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-readme-"));
    dev = await startDev(dir, await freePort(), await freePort());
  });
  after(async () => {
    dev?.child.kill("SIGINT");
    if (dev) await finished(dev.child);
    await rm(dir, { recursive: true, force: true });
  });

  it("is the README's code block, word for word", async () => {
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    const example = await readFile(join(repoRoot, "examples/quickstart.ts"), "utf8");
    const block = /This is `examples\/quickstart\.ts`[^\n]*\n\n```ts\n([\s\S]*?)\n```/.exec(readme)?.[1];
    assert.equal(block, example.trimEnd());
  });

  it("runs as written against `cairn dev`: registered, paid, verified", { timeout: 180_000 }, async () => {
    const child = spawn(join(repoRoot, "node_modules/.bin/tsx"), [join(repoRoot, "examples/quickstart.ts")], {
      cwd: dir,
      env: { ...process.env, CAIRN_DEV_FILE: join(dir, ".cairn/dev.json") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const result = await finished(child);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /: registered/);
    assert.match(result.stdout, /was paid 9\d{19} \(smallest units\)/);
    assert.match(result.stdout, /verified: true/);
  });
});
