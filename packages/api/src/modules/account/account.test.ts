import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type RequestOptions, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";
import { users } from "../user/user.table.js";
import { createUser } from "../user/user.service.js";
import { findWarnings } from "./account.rules.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const HOUR = 3_600_000;
const ACCOUNT = "customerId version tier responseHours handlingHours serviceLevel accountManager groupId technicalContactName technicalContactPhone sites productsHeld";
const WARNING = "id version customerId month service reference amount dropPercent accountManager status cause retentionAction note closedBy";
const SET = `mutation($input: KeyAccountInput!, $v: Int) { setKeyAccount(input: $input, expectedVersion: $v) { ${ACCOUNT} } }`;
const RECORD_USAGE = `mutation($usage: [UsageFeedInput!]!) { recordUsage(usage: $usage) { inserted updated rejected errors { message } } }`;
const CUSTOMER = `query($id: ID!) { customer(id: $id) { id name keyAccount { ${ACCOUNT} group { id } branches { customerId } warnings { ${WARNING} } } } }`;
const PORTFOLIO = `query($m: String) { portfolio(accountManager: $m) { accountManager accounts { customerId tier } openWarnings { ${WARNING} customer { id } } } }`;
const CLOSE = `mutation($id: ID!, $v: Int!, $cause: AccountWarningCause, $action: RetentionAction, $note: String) {
  closeAccountWarning(id: $id, expectedVersion: $v, cause: $cause, retentionAction: $action, note: $note) { ${WARNING} }
}`;
const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id openedAt responseDueAt dueAt } }`;

/** A signed-in console user of our own (role, clearance): the request options for their session. */
async function sessionOf(username: string, role: "AGENT" | "STEWARD", clearance: number): Promise<RequestOptions> {
  await createUser(app.database.db, { username, role, password: "long-enough-password", clearance });
  const [user] = await app.database.db.select().from(users).where(eq(users.username, username));
  const { token } = await app.tokens.issue({ userId: user!.id, username, role, sessionVersion: user!.sessionVersion });
  return { as: "ANONYMOUS", headers: { authorization: `Bearer ${token}` } };
}

async function keyAccount(overrides: { tier?: string; accountManager?: string; securityLevel?: number; kind?: "ENTERPRISE" | "GOVERNMENT" } = {}) {
  const [id] = await insertCustomers(app.database.db, 1, {
    kind: overrides.kind ?? "ENTERPRISE",
    name: "杭州云栖科技有限公司",
    accountManager: overrides.accountManager ?? null,
    securityLevel: overrides.securityLevel ?? 1,
  });
  const res = await app.gql(SET, { input: { customerId: id, tier: overrides.tier ?? "GOLD", technicalContactName: "王工", technicalContactPhone: "+8613700001111", productsHeld: ["DATA", "VOICE"] } });
  expect(res.errors).toBeUndefined();
  return id!;
}

/** Bills of consecutive months (2026-07 …), each a map of per-service fees; the bill is their sum. */
async function bill(customerId: string, months: Record<string, number>[]) {
  const usage = months.map((charges, i) => ({
    customer: { id: customerId },
    month: `2026-${String(7 + i).padStart(2, "0")}`,
    charges: Object.entries(charges).map(([service, amount]) => ({ service, amount })),
  }));
  const res = await app.gql(RECORD_USAGE, { usage });
  expect(res.errors).toBeUndefined();
  expect(res.data!.recordUsage.rejected).toBe(0);
}

async function warningsOf(customerId: string) {
  const res = await app.gql(CUSTOMER, { id: customerId });
  expect(res.errors).toBeUndefined();
  return res.data!.customer.keyAccount.warnings as Record<string, any>[];
}

describe("key accounts: the early warning", () => {
  it("a key account with a 22 % drop in its data-line fee shows the warning, the task lands in its account manager's portfolio, and closing it without cause and action is refused", async () => {
    const manager = await sessionOf("am.zhang", "AGENT", 3);
    const id = await keyAccount({ accountManager: "am.zhang", tier: "PLATINUM" });
    // Data 1 000 a month for three months, then 780 (−22 %); voice steady, so the total falls only 3.7 %.
    await bill(id, [{ DATA: 1000, VOICE: 5000 }, { DATA: 1000, VOICE: 5000 }, { DATA: 1000, VOICE: 5000 }, { DATA: 780, VOICE: 5000 }]);

    const warnings = await warningsOf(id);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ month: "2026-10-01", service: "DATA", reference: 1000, amount: 780, dropPercent: 22, accountManager: "am.zhang", status: "OPEN", cause: null });

    const mine = await app.gql(PORTFOLIO, {}, manager);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.portfolio.accountManager).toBe("am.zhang");
    expect(mine.data!.portfolio.accounts).toEqual([{ customerId: id, tier: "PLATINUM" }]);
    expect(mine.data!.portfolio.openWarnings.map((w: any) => [w.id, w.customer.id])).toEqual([[warnings[0]!.id, id]]);

    const w = warnings[0]!;
    const neither = await app.gql(CLOSE, { id: w.id, v: w.version }, manager);
    expect(neither.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(neither.errors![0]!.extensions!.problems.map((f: any) => f.field).sort()).toEqual(["cause", "retentionAction"]);
    const noAction = await app.gql(CLOSE, { id: w.id, v: w.version, cause: "COMPETITOR_OFFER" }, manager);
    expect(noAction.errors![0]!.extensions!.problems.map((f: any) => f.field)).toEqual(["retentionAction"]);
    expect(noAction.errors![0]!.message).toMatch(/retentionAction/);
    const noCause = await app.gql(CLOSE, { id: w.id, v: w.version, action: "DISCOUNT_OFFER" }, manager);
    expect(noCause.errors![0]!.extensions!.problems.map((f: any) => f.field)).toEqual(["cause"]);
    // Someone else than the account manager may not close it.
    const other = await app.gql(CLOSE, { id: w.id, v: w.version, cause: "COMPETITOR_OFFER", action: "DISCOUNT_OFFER" }, { as: "STEWARD" });
    expect(other.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await warningsOf(id))[0]).toMatchObject({ status: "OPEN", version: 1 });

    const closed = await app.gql(CLOSE, { id: w.id, v: w.version, cause: "COMPETITOR_OFFER", action: "DISCOUNT_OFFER", note: "Competitor offered a cheaper private line" }, manager);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeAccountWarning).toMatchObject({ status: "CLOSED", cause: "COMPETITOR_OFFER", retentionAction: "DISCOUNT_OFFER", closedBy: "am.zhang", version: 2 });
    expect((await app.gql(PORTFOLIO, {}, manager)).data!.portfolio.openWarnings).toEqual([]);
    // Re-sending the same bills does not open it again.
    await bill(id, [{ DATA: 1000, VOICE: 5000 }, { DATA: 1000, VOICE: 5000 }, { DATA: 1000, VOICE: 5000 }, { DATA: 780, VOICE: 5000 }]);
    expect(await warningsOf(id)).toHaveLength(1);
  });

  it("a 19 % drop in one service opens nothing; a 10 % drop of the total does (with no service down 20 %)", async () => {
    const quiet = await keyAccount({ accountManager: "am.li" });
    await bill(quiet, [{ DATA: 1000, VOICE: 2000 }, { DATA: 1000, VOICE: 2000 }, { DATA: 1000, VOICE: 2000 }, { DATA: 810, VOICE: 2000 }]);
    expect(await warningsOf(quiet)).toEqual([]);

    const total = await keyAccount({ accountManager: "am.li" });
    await bill(total, [{ DATA: 1000, VOICE: 1000 }, { DATA: 1000, VOICE: 1000 }, { DATA: 1000, VOICE: 1000 }, { DATA: 900, VOICE: 900 }]);
    const warnings = await warningsOf(total);
    expect(warnings.map((w) => [w.service, w.reference, w.amount, w.dropPercent])).toEqual([[null, 2000, 1800, 10]]);
  });

  it("the reference is the mean of the 3 billed months before, not the previous month alone", () => {
    const months = [
      { month: "2026-06-01", total: 5000, charges: { DATA: 5000 } },
      { month: "2026-07-01", total: 1200, charges: { DATA: 1200 } },
      { month: "2026-08-01", total: 1000, charges: { DATA: 1000 } },
      { month: "2026-09-01", total: 800, charges: { DATA: 800 } },
    ];
    // 790 is 1 % below September but 21 % below the mean of July–September (1 000); June is outside the window.
    const found = findWarnings({ month: "2026-10-01", total: 790, charges: { DATA: 790 } }, months);
    expect(found.map((f) => [f.service, f.reference, f.amount])).toEqual([
      ["DATA", 1000, 790],
      [null, 1000, 790],
    ]);
    // Without 3 billed months before it there is no reference.
    expect(findWarnings({ month: "2026-10-01", total: 0, charges: {} }, months.slice(2))).toEqual([]);
    // A service gone entirely is a 100 % drop.
    expect(findWarnings({ month: "2026-10-01", total: 1000, charges: { VOICE: 1000 } }, months.slice(1)).map((f) => [f.service, f.dropPercent])).toEqual([["DATA", 100]]);
  });
});

describe("key accounts: tiers, hierarchy and security level", () => {
  it("the tier drives the case clocks of the account's cases: a DIAMOND complaint is answered within 1 h and handled within 4 h; others keep the standard", async () => {
    const diamond = await keyAccount({ tier: "DIAMOND" });
    const crystal = await keyAccount({ tier: "CRYSTAL" });
    const [plain] = await insertCustomers(app.database.db, 1, { kind: "ENTERPRISE", name: "Not a key account" });
    const open = async (customerId: string, kind: string) => {
      const res = await app.gql(OPEN_CASE, { input: { customerId, kind, category: "BILLING", subject: "Invoice wrong" } });
      expect(res.errors).toBeUndefined();
      const c = res.data!.openCase;
      return [(Date.parse(c.responseDueAt) - Date.parse(c.openedAt)) / HOUR, (Date.parse(c.dueAt) - Date.parse(c.openedAt)) / HOUR];
    };
    expect(await open(diamond, "COMPLAINT")).toEqual([1, 4]);
    // A fault's 2 h limit is already shorter than the tier's: the tier never lengthens a clock.
    expect(await open(diamond, "FAULT")).toEqual([1, 2]);
    // A request has no handling limit: due by the response until an ETA is given.
    expect(await open(diamond, "REQUEST")).toEqual([1, 1]);
    expect(await open(crystal, "REQUEST")).toEqual([24, 24]);
    expect(await open(plain!, "COMPLAINT")).toEqual([24, 24]);
    expect(await open(plain!, "REQUEST")).toEqual([48, 48]);
    const account = (await app.gql(CUSTOMER, { id: diamond })).data!.customer.keyAccount;
    expect(account).toMatchObject({ tier: "DIAMOND", responseHours: 1, handlingHours: 4, serviceLevel: "DEDICATED_24X7" });
  });

  it("group → branches: a branch names its group, the group lists its branches, and a branch cannot have branches", async () => {
    const group = await keyAccount({ tier: "DIAMOND" });
    const branch = await keyAccount({ tier: "GOLD" });
    const before = (await app.gql(CUSTOMER, { id: branch })).data!.customer.keyAccount;
    const res = await app.gql(SET, { input: { customerId: branch, tier: "GOLD", groupId: group }, v: before.version });
    expect(res.errors).toBeUndefined();
    expect(res.data!.setKeyAccount).toMatchObject({ groupId: group, version: 2 });
    const g = (await app.gql(CUSTOMER, { id: group })).data!.customer.keyAccount;
    expect(g.branches).toEqual([{ customerId: branch }]);
    const other = await keyAccount();
    const nested = await app.gql(SET, { input: { customerId: other, tier: "GOLD", groupId: branch }, v: 1 });
    expect(nested.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const [person] = await insertCustomers(app.database.db, 1);
    const individual = await app.gql(SET, { input: { customerId: person, tier: "GOLD" } });
    expect(individual.errors?.[0]?.message).toMatch(/INDIVIDUAL/);
  });

  it("a user below the account's security level gets the same answer as for a missing record", async () => {
    const low = await sessionOf("agent.low", "AGENT", 2);
    const high = await sessionOf("agent.high", "AGENT", 4);
    const police = await keyAccount({ kind: "GOVERNMENT", securityLevel: 4, accountManager: "agent.low" });
    await bill(police, [{ DATA: 1000 }, { DATA: 1000 }, { DATA: 1000 }, { DATA: 500 }]);
    const missing = "00000000-0000-4000-8000-000000000099";

    expect((await app.gql(CUSTOMER, { id: police }, high)).data!.customer.id).toBe(police);
    const hidden = await app.gql(CUSTOMER, { id: police }, low);
    const absent = await app.gql(CUSTOMER, { id: missing }, low);
    expect(hidden).toEqual(absent);
    expect(hidden.data).toEqual({ customer: null });

    const input = (customerId: string) => ({ input: { customerId, kind: "FAULT", category: "NETWORK_QUALITY", subject: "Line down" } });
    const openHidden = await app.gql(OPEN_CASE, input(police), low);
    const openMissing = await app.gql(OPEN_CASE, input(missing), low);
    expect(openHidden.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    expect(openHidden.errors![0]!.message.replace(police, "ID")).toBe(openMissing.errors![0]!.message.replace(missing, "ID"));

    // Its early warning is assigned to agent.low, yet does not exist for them either.
    const [warning] = await warningsOf(police);
    expect(warning).toBeDefined();
    expect((await app.gql(PORTFOLIO, {}, low)).data!.portfolio).toMatchObject({ accounts: [], openWarnings: [] });
    const closeHidden = await app.gql(CLOSE, { id: warning!.id, v: 1, cause: "PRICE", action: "CARE_VISIT" }, low);
    expect(closeHidden.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    // Lists do not match it either.
    const list = await app.gql(`{ customers(first: 100) { edges { node { id } } } }`, {}, low);
    expect(list.data!.customers.edges.map((e: any) => e.node.id)).not.toContain(police);
  });
});
