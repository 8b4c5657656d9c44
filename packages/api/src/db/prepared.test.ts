import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/database.js";
import { sqlArray } from "./arrays.js";
import { executePrepared } from "./prepared.js";
import { rowsOf } from "./rows.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const lookup = (ids: number[]) => sql`select n, n * 2 as twice from generate_series(1, 10) n where n = any(${sqlArray(ids, "int")}) order by n`;

it("answers the statement's rows, with its values as parameters", async () => {
  expect(await executePrepared(database.db, lookup([2, 5]))).toEqual([
    { n: 2, twice: 4 },
    { n: 5, twice: 10 },
  ]);
  expect(await executePrepared(database.db, lookup([]))).toEqual([]);
});

it("prepares each text once per connection on PostgreSQL; drizzle's execute does not", async () => {
  if (database.driver !== "postgres") return;
  // One transaction is one connection: pg_prepared_statements is that session's own.
  const texts = await database.db.transaction(async (tx) => {
    for (const ids of [[1], [2, 3], [4, 5, 6]]) await executePrepared(tx, lookup(ids));
    await tx.execute(sql`select ${7}::int as unnamed_marker`);
    return rowsOf<{ statement: string }>(await tx.execute(sql`select statement from pg_prepared_statements`)).map((r) => r.statement);
  });
  expect(texts.filter((t) => t.includes("generate_series(1, 10)"))).toHaveLength(1);
  expect(texts.some((t) => t.includes("unnamed_marker"))).toBe(false);
});
