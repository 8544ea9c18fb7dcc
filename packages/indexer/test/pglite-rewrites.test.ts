// The rewrites of PGlite's own modules (config/ponder-rewrites.mjs: `pgliteParsersShared`, `pgliteTextInPlace`) apply
// to the installed PGlite, and change nothing it answers: a script of queries (every kind of column, a query's own
// parsers, multi-byte text, long text, errors) prints the same JSON with and without config/ponder-hooks.mjs.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  pgliteModule,
  pgliteParsersShared,
  pgliteResultsModule,
  pgliteTextInPlace,
} from "../config/ponder-rewrites.mjs";

const indexerRoot = fileURLToPath(new URL("../", import.meta.url));
const script = join(indexerRoot, "test", "pglite-results-script.mjs");
const hooks = join(indexerRoot, "config", "ponder-hooks.mjs");

/** The text of the installed PGlite's module that parses results (its name is a content hash), found as the hooks
 *  find it: by its URL and its text. */
function resultsModule(): string {
  const dist = dirname(createRequire(join(indexerRoot, "package.json")).resolve("@electric-sql/pglite"));
  const found = readdirSync(dist)
    .map((name) => join(dist, name))
    .filter((path) => pgliteModule.test(pathToFileURL(path).href))
    .map((path) => readFileSync(path, "utf8"))
    .filter(pgliteResultsModule);
  assert.equal(found.length, 1, "one PGlite module parses results");
  return found[0] as string;
}

describe("PGlite's results parsed without per-query copies (config/ponder-rewrites.mjs)", () => {
  it("finds what it rewrites in the installed PGlite", () => {
    const text = resultsModule();
    const shared = pgliteParsersShared(text);
    assert.ok(shared, "the per-query merge of the type parsers");
    assert.match(shared, /\?\.parsers\?Object\.assign\(Object\.create\(/);
    const inPlace = pgliteTextInPlace(shared);
    assert.ok(inPlace, "the protocol reader's string()");
    assert.notEqual(inPlace, shared);
  });

  it("answers a script of queries exactly as the unrewritten PGlite does", () => {
    const run = (args: string[]) =>
      execFileSync(process.execPath, [...args, script], { cwd: indexerRoot, encoding: "utf8" });
    const plain = JSON.parse(run([]));
    const rewritten = JSON.parse(run([`--import=${hooks}`]));
    assert.deepEqual(plain.loaded, [{ parsersShared: false, textInPlace: false }]);
    assert.deepEqual(rewritten.loaded, [{ parsersShared: true, textInPlace: true }]);
    const text = JSON.stringify(plain.seen);
    assert.ok(text.includes("🙂") && text.includes('"n=123456789012345678901234567890"'), "the script ran");
    assert.deepEqual(rewritten.seen, plain.seen);
  });

  it("is a warning, not a failure, on a PGlite written otherwise", () => {
    assert.equal(pgliteParsersShared("function wn(e,t,n,r){let f=Object.assign({},t,n?.parsers)}"), null);
    assert.equal(pgliteTextInPlace("string(t){return this.decoder.decode(this.bytes(t))}"), null);
  });
});
