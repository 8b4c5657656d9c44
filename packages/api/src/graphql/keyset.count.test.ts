import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/app.js";
import { insertCustomers } from "../test/builders.js";
import { keysetPage, type KeysetList } from "./keyset.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await insertCustomers(app.database.db, 5, { region: "Keyset" });
});
afterAll(() => app.close());

/** A list of five numbers that records when its count started relative to its read. */
function numbers(events: string[]): KeysetList<number, number, number> {
  return {
    list: "numbers",
    arity: 1,
    positionOf: (n) => [n],
    fromCursor: ([n]) => (typeof n === "number" ? n : undefined),
    connection: "NumberConnection",
    read: async ({ limit }) => {
      events.push("read");
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push("read done");
      return [1, 2, 3, 4, 5].slice(0, limit);
    },
    count: async () => {
      events.push("count");
      return 5;
    },
  };
}

describe("keysetPage: totalCount beside the read (graphql/keyset.ts)", () => {
  it("starts the count before the read when the operation selects the connection's totalCount", async () => {
    const events: string[] = [];
    const page = await keysetPage({ db: app.database.db, audit: { selected: new Set(["NumberConnection.totalCount"]) } }, { first: 2 }, numbers(events));
    expect(events).toEqual(["count", "read", "read done"]);
    expect(await page.count()).toBe(5);
    expect(events).toHaveLength(3);
  });

  it("counts only when asked, after the read, when totalCount is not selected (or is another connection's)", async () => {
    const events: string[] = [];
    const page = await keysetPage({ db: app.database.db, audit: { selected: new Set(["OtherConnection.totalCount"]) } }, { first: 2 }, numbers(events));
    expect(events).toEqual(["read", "read done"]);
    expect(await page.count()).toBe(5);
    expect(events).toEqual(["read", "read done", "count"]);
  });

  it("answers the customers list's totalCount, and sends no count when it is not selected", async () => {
    const count = /select count\(\*\)|count\(\*\)::int/i;
    app.database.statements.length = 0;
    const counted = await app.gql(`{ customers(first: 2, filter: { region: ["Keyset"] }) { totalCount edges { node { id } } } }`, {}, { as: "STEWARD" });
    expect(counted.data!.customers).toMatchObject({ totalCount: 5, edges: [{}, {}] });
    expect(app.database.statements.some((s) => count.test(s))).toBe(true);
    app.database.statements.length = 0;
    const uncounted = await app.gql(`{ customers(first: 2, filter: { region: ["Keyset"] }) { edges { node { id } } } }`, {}, { as: "STEWARD" });
    expect(uncounted.errors).toBeUndefined();
    expect(app.database.statements.some((s) => count.test(s))).toBe(false);
  });
});
