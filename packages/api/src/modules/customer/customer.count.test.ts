import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { insertCustomers } from "../../test/builders.js";
import { countCustomersUpTo } from "./customer.queries.js";
import { customers } from "./customer.table.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await insertCustomers(database.db, 30, { region: "Count" });
});
afterAll(() => database.close());

describe("customers totalCount: exact up to a cap, the planner's estimate above", () => {
  const where = eq(customers.region, "Count");

  it("counts exactly at or below the cap, in one statement", async () => {
    database.statements.length = 0;
    expect(await countCustomersUpTo(database.db, where, 30)).toEqual({ n: 30, exact: true });
    expect(database.statements).toHaveLength(1);
  });

  it("above the cap, answers the planner's estimate (never below the cap) without reading the rows", async () => {
    database.statements.length = 0;
    const count = await countCustomersUpTo(database.db, where, 10);
    expect(count.exact).toBe(false);
    expect(count.n).toBeGreaterThan(10);
    expect(database.statements).toHaveLength(2);
    expect(database.statements[1]).toMatch(/^explain \(format json\)/i);
  });
});
