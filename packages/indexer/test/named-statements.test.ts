// src/api/named-statements.ts on a real PGlite through drizzle, as the REST reads run: a named statement is built by
// drizzle once and prepared once, each read fills its placeholders, and a value written into the text is refused.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { readNamed } from "../src/api/named-statements.js";

describe("the REST reads' named statements", () => {
  it("are built once and prepared once, each read with its own values", async () => {
    const client = new PGlite();
    try {
      const db = drizzle(client);
      await client.exec(`CREATE TABLE c (d int8, h text, who text);
        INSERT INTO c VALUES (1, '0xaa', 'ann'), (1, '0xbb', 'bob'), (2, '0xaa', 'cy')`);
      let builds = 0;
      const build = () => {
        builds++;
        const d = sql.placeholder("d");
        // The same placeholder twice, and a value of another type: each filled where it goes.
        const h = sql.placeholder("h");
        return sql`SELECT who FROM c WHERE d = ${d} AND h = ${h} AND ${d} > ${sql.placeholder("min")}`;
      };
      const who = async (d: bigint, h: string) =>
        (await readNamed<{ who: string }>(db, "test_who", build, { d, h, min: 0 })).map((r) => r.who);
      assert.deepEqual(await who(1n, "0xbb"), ["bob"]);
      assert.deepEqual(await who(2n, "0xaa"), ["cy"]);
      assert.deepEqual(await who(3n, "0xaa"), []);
      // A quote in a value stays a value (literals are quoted, quotes doubled).
      assert.deepEqual(await who(1n, "0xaa' OR '1'='1"), []);
      assert.equal(builds, 1);
      const prepared = await client.query<{ name: string }>("SELECT name FROM pg_prepared_statements");
      assert.deepEqual(
        prepared.rows.map((r) => r.name),
        ["test_who"],
      );
    } finally {
      await client.close();
    }
  });

  it("refuses a statement with a value written into it, which every later read would reuse", async () => {
    const client = new PGlite();
    try {
      const db = drizzle(client);
      await assert.rejects(
        readNamed(db, "test_fixed", () => sql`SELECT ${42}::int AS n WHERE ${sql.placeholder("x")} = 1`, { x: 1 }),
        /test_fixed: 1 value\(s\) not a placeholder/,
      );
    } finally {
      await client.close();
    }
  });
});
