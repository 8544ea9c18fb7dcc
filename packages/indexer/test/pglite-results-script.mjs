// A script of queries on an in-memory PGlite whose answers it prints as JSON: test/pglite-rewrites.test.ts runs it
// with and without config/ponder-hooks.mjs (which rewrites how PGlite parses results) and compares the two. It also
// prints whether the module that parses PGlite's results was loaded rewritten (a hook registered after the others sees
// what they made of it).
import module from "node:module";

const loaded = [];
module.registerHooks({
  load(url, context, nextLoad) {
    const result = nextLoad(url, context);
    const text =
      typeof result.source === "string" ? result.source : new TextDecoder().decode(result.source ?? undefined);
    if (url.includes("/@electric-sql/pglite/dist/") && text.includes("parseResults:"))
      loaded.push({
        parsersShared: text.includes("Object.create("),
        textInPlace:
          text.includes("new Uint8Array(") && !/string\(\w+\)\{return \w+\(this,\w+\)\.decode\(this\.bytes/.test(text),
      });
    return result;
  },
});
const { PGlite, types } = await import("@electric-sql/pglite");

const db = new PGlite();
const seen = [];
await db.exec(`CREATE TABLE t (a int PRIMARY KEY, b text, n numeric(78,0), at timestamptz, j jsonb, xs int[], raw bytea, ok boolean);
  INSERT INTO t VALUES (1, 'plain', 123456789012345678901234567890, '2026-01-02T03:04:05Z', '{"k":[1,2]}', '{1,2,3}', '\\x00ff', true),
    (2, 'multi-byte: é ü 漢字 🙂 and "quotes" \\ back', NULL, NULL, NULL, NULL, NULL, NULL),
    (3, '', 0, '1999-12-31T23:59:59Z', '[]', '{}', '\\x', false);`);
seen.push(await db.query("SELECT * FROM t ORDER BY a"));
seen.push(await db.query("SELECT * FROM t ORDER BY a", [], { rowMode: "array" }));
// A query's own parsers win over PGlite's for their types, and only for this query.
seen.push(
  await db.query("SELECT a, n, at FROM t ORDER BY a", [], {
    parsers: { [types.NUMERIC]: (v) => `n=${v}`, [types.TIMESTAMPTZ]: (v) => `at=${v}` },
  }),
);
seen.push(await db.query("SELECT a, n, at FROM t ORDER BY a"));
seen.push(await db.query("SELECT b FROM t WHERE a = $1", [2]));
seen.push(
  (await db.exec("SELECT string_agg(b, ',' ORDER BY a) AS s FROM t; SELECT repeat('ab漢', 20000) AS long")).map(
    (r) => r.rows,
  ),
);
seen.push(await db.query("SELECT g, md5(g::text) FROM generate_series(1, 500) g"));
seen.push(await db.query("SELECT b FROM t WHERE a = 42"));
seen.push(await db.query("UPDATE t SET b = b || '!' WHERE a < 3"));
await db.exec("PREPARE p AS SELECT b, n::text FROM t WHERE a = $1");
seen.push(await db.exec("EXECUTE p(2)"));
seen.push(await db.query("SELECT * FROM missing").catch((e) => ({ error: e.message, code: e.code })));
await db.close();
process.stdout.write(
  JSON.stringify({ loaded, seen }, (_, v) =>
    v instanceof Uint8Array ? { bytes: [...v] } : typeof v === "bigint" ? `${v}n` : v,
  ),
);
