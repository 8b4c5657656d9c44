/**
 * Issue 13 demo data: "the portfolio page is not empty" — the demo has key accounts whose account
 * manager is a demo login, and one open early warning opened by the real rule (a data-line fee
 * ≥ 20 % below its reference, docs/key-accounts.md).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWarnings, keyAccounts } from "../account/account.table.js";
import { customers } from "../customer/customer.table.js";
import { seedDatabase } from "../../seed/seed.js";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { DEMO_ACCOUNT_MANAGER, ensureDemoKeyAccounts } from "./demo.accounts.js";
import { DEMO_USERS } from "./demo.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDatabase(database, { customers: 400, seed: "demo-accounts", now: new Date("2025-06-15T00:00:00Z") });
}, 120_000);
afterAll(() => database?.close());

describe("demo key accounts", () => {
  it("the demo's key accounts are managed by a demo login, a group has branches, and an early warning is open for that manager", async () => {
    expect(DEMO_USERS.map((u) => u.username)).toContain(DEMO_ACCOUNT_MANAGER);
    const made = await ensureDemoKeyAccounts(database.db);
    expect(made.accounts).toBeGreaterThanOrEqual(3);
    const accounts = await database.db.select({ kind: customers.kind, manager: customers.accountManager, groupId: keyAccounts.groupId }).from(keyAccounts).innerJoin(customers, eq(customers.id, keyAccounts.customerId));
    expect(accounts).toHaveLength(made.accounts);
    for (const a of accounts) expect([a.kind, a.manager]).toEqual([expect.stringMatching(/^(ENTERPRISE|GOVERNMENT)$/), DEMO_ACCOUNT_MANAGER]);
    expect(accounts.filter((a) => a.groupId).length).toBe(2);
    const open = await database.db.select().from(accountWarnings).where(eq(accountWarnings.status, "OPEN"));
    expect(open.filter((w) => w.accountManager === DEMO_ACCOUNT_MANAGER && w.service === "DATA" && w.dropPercent! >= 20).length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("runs once: a second call makes nothing", async () => {
    expect(await ensureDemoKeyAccounts(database.db)).toEqual({ accounts: 0, warnings: 0 });
  });
});
