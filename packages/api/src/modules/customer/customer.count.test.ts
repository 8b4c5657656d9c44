import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
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

  it("above the cap on a small or never-analysed table, still counts exactly (an estimate needs statistics)", async () => {
    database.statements.length = 0;
    expect(await countCustomersUpTo(database.db, where, 10)).toEqual({ n: 30, exact: true });
    expect(database.statements).toHaveLength(2);
    expect(database.statements.join("\n")).not.toMatch(/explain/i);
  });

  it("above the cap on a large analysed table, answers the planner's estimate (never below the cap) without reading the rows", async () => {
    await database.db.execute(sql`analyze customers`);
    database.statements.length = 0;
    // 30 rows count as "large" here: the threshold is lowered, the rule is the same.
    const count = await countCustomersUpTo(database.db, where, 10, 20);
    expect(count.exact).toBe(false);
    expect(count.n).toBeGreaterThan(10);
    expect(database.statements).toHaveLength(2);
    expect(database.statements[1]).toMatch(/^explain \(format json\)/i);
  });

  it("asks the planner once per condition while its estimate is kept (paging through one filter)", async () => {
    await database.db.execute(sql`analyze customers`);
    const other = sql`${customers.region} = ${"Count"} and ${customers.kind} is not null`;
    const first = await countCustomersUpTo(database.db, other, 10, 20);
    database.statements.length = 0;
    expect(await countCustomersUpTo(database.db, other, 10, 20)).toEqual(first);
    expect(database.statements).toHaveLength(1);
    // Another condition (here another region value) is another estimate.
    database.statements.length = 0;
    await countCustomersUpTo(database.db, sql`${customers.region} <> ${"Elsewhere"}`, 10, 20);
    expect(database.statements.some((s) => /^explain/i.test(s))).toBe(true);
  });
});
