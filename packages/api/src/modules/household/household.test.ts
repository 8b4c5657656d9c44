import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PURPOSES } from "@tessera/schema/catalog";
import { systemAudit } from "../../audit/audit.collector.js";
import { rowsOf } from "../../db/rows.js";
import { consentEvents, customers, householdMembers, households } from "../../db/schema.js";
import { startTestApp, type RequestOptions, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";
import { eraseCustomer } from "../dsr/dsr.erasure.js";
import { insertBilledCustomer } from "../insight/insight.builders.js";
import { refreshInsightFor } from "../insight/insight.refresh.js";
import { createPartner, issueKey } from "../partner/partner.service.js";
import { createUser } from "../user/user.service.js";
import { users } from "../user/user.table.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const db = () => app.database.db;
const HH = "id version name memberCount members { customerId role familyNumber joinedOn } value { clv meanClv arpu membersValued }";
const CREATE = `mutation($input: CreateHouseholdInput!) { createHousehold(input: $input) { ${HH} } }`;
const ADD = `mutation($input: AddHouseholdMemberInput!, $v: Int!) { addHouseholdMember(input: $input, expectedVersion: $v) { ${HH} } }`;
const REMOVE = `mutation($h: ID!, $c: ID!, $v: Int!) { removeHouseholdMember(householdId: $h, customerId: $c, expectedVersion: $v) { ${HH} } }`;
const OF = `query($id: ID!) { customer(id: $id) { id household { ${HH} } } }`;
const BY_ID = `query($id: ID!) { household(id: $id) { ${HH} } }`;
const INSIGHT = `query($id: ID!) { customer(id: $id) { insight { clv arpu } } }`;
const SEGMENT = `mutation($name: String!, $d: SegmentFilter!) { createSegment(name: $name, definition: $d) { id memberCount } }`;
const MEMBERS = `query($id: ID!, $after: String) { segment(id: $id) { members(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;

/** A signed-in console user of our own with a clearance (the test roles are cleared for every level). */
async function sessionOf(username: string, role: "AGENT" | "ANALYST", clearance: number): Promise<RequestOptions> {
  await createUser(db(), { username, role, password: "long-enough-password", clearance });
  const [user] = await db().select().from(users).where(eq(users.username, username));
  const { token } = await app.tokens.issue({ userId: user!.id, username, role, sessionVersion: user!.sessionVersion });
  return { as: "ANONYMOUS", headers: { authorization: `Bearer ${token}` } };
}

/** Individuals with three billed months (so insight has ARPU and CLV), their insight computed. */
async function billed(levels: number[]): Promise<string[]> {
  const ids: string[] = [];
  for (const level of levels) ids.push(await insertBilledCustomer(db(), { bills: [level, level, level, level] }));
  await refreshInsightFor(db(), ids);
  return ids;
}

/** A household through the API: the first id is the head, the rest join as `roles`. */
async function family(ids: string[], roles: string[] = []): Promise<{ id: string; version: number }> {
  const created = await app.gql(CREATE, { input: { headCustomerId: ids[0], name: "王家", familyNumber: true } });
  expect(created.errors).toBeUndefined();
  const id: string = created.data!.createHousehold.id;
  let version: number = created.data!.createHousehold.version;
  for (const [i, customerId] of ids.slice(1).entries()) {
    const added = await app.gql(ADD, { input: { householdId: id, customerId, role: roles[i] ?? "CHILD", familyNumber: i === 0 }, v: version });
    expect(added.errors).toBeUndefined();
    version = added.data!.addHouseholdMember.version;
  }
  return { id, version };
}

const householdOf = async (customerId: string, as?: RequestOptions) => {
  const res = await app.gql(OF, { id: customerId }, as);
  expect(res.errors).toBeUndefined();
  return res.data!.customer?.household ?? null;
};
const problemFields = (res: { errors?: readonly any[] }) => res.errors?.[0]?.extensions?.problems?.map((p: any) => p.field);

describe("households: membership rules", () => {
  it("a household is created with its head; members join at the household's version; the household lists them head first", async () => {
    const [head, spouse, child] = await insertCustomers(db(), 3);
    const created = await app.gql(CREATE, { input: { headCustomerId: head, name: " 王家 ", familyNumber: true } });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createHousehold).toMatchObject({ name: "王家", version: 1, memberCount: 1, members: [{ customerId: head, role: "HEAD", familyNumber: true }] });
    const h = created.data!.createHousehold;
    const child1 = await app.gql(ADD, { input: { householdId: h.id, customerId: child, role: "CHILD" }, v: 1 });
    expect(child1.errors).toBeUndefined();
    const spouse2 = await app.gql(ADD, { input: { householdId: h.id, customerId: spouse, role: "SPOUSE", familyNumber: true }, v: 2 });
    expect(spouse2.data!.addHouseholdMember.members.map((m: any) => [m.customerId, m.role, m.familyNumber])).toEqual([
      [head, "HEAD", true],
      [spouse, "SPOUSE", true],
      [child, "CHILD", false],
    ]);
    // Every member's 360 shows the same household.
    for (const id of [head, spouse, child]) expect((await householdOf(id!)).id).toBe(h.id);
    // A stale version is refused, not interleaved.
    const [late] = await insertCustomers(db(), 1);
    const stale = await app.gql(ADD, { input: { householdId: h.id, customerId: late, role: "OTHER" }, v: 2 });
    expect(stale.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("a customer is a current member of at most one household (the service refuses it, and so does the database)", async () => {
    const [a, b, c] = await insertCustomers(db(), 3);
    const first = await family([a!, b!], ["SPOUSE"]);
    const second = await family([c!]);
    const twice = await app.gql(ADD, { input: { householdId: second.id, customerId: b, role: "SPOUSE" }, v: second.version });
    expect(problemFields(twice)).toEqual(["input.customerId"]);
    expect(twice.errors![0]!.message).toMatch(/one household at a time/);
    const headElsewhere = await app.gql(CREATE, { input: { headCustomerId: b } });
    expect(problemFields(headElsewhere)).toEqual(["input.headCustomerId"]);
    await expect(db().insert(householdMembers).values({ householdId: second.id, customerId: b!, role: "OTHER", joinedOn: "2026-01-01" })).rejects.toThrow();
    expect((await householdOf(b!)).id).toBe(first.id);
  });

  it("a household has one head, named at creation: a second HEAD is refused (and the database holds the rule)", async () => {
    const [a, b] = await insertCustomers(db(), 2);
    const h = await family([a!]);
    const res = await app.gql(ADD, { input: { householdId: h.id, customerId: b, role: "HEAD" }, v: h.version });
    expect(problemFields(res)).toEqual(["input.role"]);
    await expect(db().insert(householdMembers).values({ householdId: h.id, customerId: b!, role: "HEAD", joinedOn: "2026-01-01" })).rejects.toThrow();
  });

  it("the head leaves last; a member who left is history and may join another household", async () => {
    const [head, spouse, other] = await insertCustomers(db(), 3);
    const h = await family([head!, spouse!], ["SPOUSE"]);
    const headFirst = await app.gql(REMOVE, { h: h.id, c: head, v: h.version });
    expect(problemFields(headFirst)).toEqual(["customerId"]);
    const removed = await app.gql(REMOVE, { h: h.id, c: spouse, v: h.version });
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.removeHouseholdMember).toMatchObject({ memberCount: 1, members: [{ customerId: head, role: "HEAD" }], version: h.version + 1 });
    expect(await householdOf(spouse!)).toBeNull();
    const history = await db().select().from(householdMembers).where(eq(householdMembers.customerId, spouse!));
    expect(history).toHaveLength(1);
    expect(history[0]!.leftOn).not.toBeNull();
    const again = await family([other!, spouse!], ["SPOUSE"]);
    expect((await householdOf(spouse!)).id).toBe(again.id);
    // The head alone may leave: the household then has no current member.
    const last = await app.gql(REMOVE, { h: h.id, c: head, v: h.version + 1 });
    expect(last.errors).toBeUndefined();
    expect(await householdOf(head!)).toBeNull();
  });

  it("only people (individual or family-account customers) join a household: an enterprise is refused", async () => {
    const [company] = await insertCustomers(db(), 1, { kind: "ENTERPRISE", name: "杭州云栖科技有限公司" });
    const res = await app.gql(CREATE, { input: { headCustomerId: company } });
    expect(problemFields(res)).toEqual(["input.headCustomerId"]);
    expect(res.errors![0]!.message).toMatch(/ENTERPRISE/);
  });
});

describe("households: visibility through the customer scope", () => {
  it("a member above the caller's clearance is neither listed, counted nor valued; a cleared user sees the whole family", async () => {
    const [head, spouse, child] = await billed([300, 800, 120]);
    await db().update(customers).set({ securityLevel: 4 }).where(eq(customers.id, spouse!));
    const h = await family([head!, spouse!, child!], ["SPOUSE", "CHILD"]);
    const low = await sessionOf("hh.agent.low", "AGENT", 2);
    const high = await sessionOf("hh.agent.high", "AGENT", 4);
    const clv = async (id: string) => (await app.gql(INSIGHT, { id })).data!.customer.insight.clv as number;

    const seenLow = await householdOf(head!, low);
    expect(seenLow.members.map((m: any) => m.customerId)).toEqual([head, child]);
    expect(seenLow.memberCount).toBe(2);
    expect(seenLow.value.membersValued).toBe(2);
    expect(seenLow.value.clv).toBeCloseTo((await clv(head!)) + (await clv(child!)), 2);
    // Not a trace of the hidden member anywhere in the answer, by customer or by household id.
    expect(JSON.stringify(await app.gql(OF, { id: head }, low))).not.toContain(spouse);
    expect(JSON.stringify(await app.gql(BY_ID, { id: h.id }, low))).not.toContain(spouse);

    const seenHigh = await householdOf(head!, high);
    expect(seenHigh.members.map((m: any) => m.customerId)).toEqual([head, spouse, child]);
    expect(seenHigh.memberCount).toBe(3);
    expect(seenHigh.value.clv).toBeCloseTo((await clv(head!)) + (await clv(spouse!)) + (await clv(child!)), 2);
  });

  it("a partner sees only the members whose own consent covers its purpose; under a purpose without consent it sees nothing of the family", async () => {
    const [head, spouse] = await billed([200, 400]);
    await family([head!, spouse!], ["SPOUSE"]);
    const partner = await createPartner(db(), { name: "hh-partner", purposes: [...PURPOSES], fields: ["Customer.*", "Household.*", "HouseholdMember.*", "Insight.*"] });
    const key = { as: { apiKey: (await issueKey(db(), partner.id)).key } } as const;
    const grant = (customerId: string) =>
      db().insert(consentEvents).values({ customerId, purpose: "MARKETING", status: "GRANTED", source: "APP", policyVersion: "2026-01", evidence: { test: true }, receiptHash: "test", recordedBy: "test" });
    await grant(head!);
    const onlyHead = await householdOf(head!, { ...key, purpose: "MARKETING" });
    expect(onlyHead.members.map((m: any) => m.customerId)).toEqual([head]);
    expect(onlyHead.memberCount).toBe(1);
    const headClv = (await app.gql(INSIGHT, { id: head })).data!.customer.insight.clv;
    expect(onlyHead.value.clv).toBeCloseTo(headClv, 2);
    // The spouse's own grant makes the spouse appear.
    await grant(spouse!);
    expect((await householdOf(head!, { ...key, purpose: "MARKETING" })).members.map((m: any) => m.customerId)).toEqual([head, spouse]);
    // Under a purpose nobody consented to, not even the household exists for the partner.
    const none = await app.gql(OF, { id: head }, { ...key, purpose: "PERSONALIZATION" });
    expect(none.data!.customer).toBeNull();
    expect(JSON.stringify(none)).not.toContain(spouse);
  });
});

describe("households: value", () => {
  it("household value = Σ of the members' CLV (their Insight.clv), mean = Σ ÷ members with a CLV, ARPU = Σ of their ARPU; a member without insight adds nothing", async () => {
    const ids = await billed([150, 620, 75.5]);
    const [noInsight] = await insertCustomers(db(), 1);
    await family([...ids, noInsight!], ["SPOUSE", "CHILD", "PARENT"]);
    // Expected from each member's own 360, read independently of the household.
    const each = await Promise.all(ids.map(async (id) => (await app.gql(INSIGHT, { id })).data!.customer.insight as { clv: number; arpu: number }));
    const sum = each.reduce((s, m) => s + m.clv, 0);
    const value = (await householdOf(ids[0]!)).value;
    expect(value.membersValued).toBe(3);
    expect(value.clv).toBeCloseTo(sum, 2);
    expect(value.meanClv).toBeCloseTo(sum / 3, 2);
    expect(value.arpu).toBeCloseTo(each.reduce((s, m) => s + m.arpu, 0), 2);
    // And the stored figures agree (the formula adds the stored CLV, it computes none of its own).
    const [stored] = rowsOf<{ clv: string }>(await db().execute(sql`select sum(clv)::text as clv from customer_insight where customer_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`));
    expect(value.clv).toBeCloseTo(Number(stored!.clv), 2);
  });

  it("the value is withheld whole where the caller may not read members' value figures (an auditor)", async () => {
    const ids = await billed([100, 100]);
    await family(ids, ["SPOUSE"]);
    const res = await app.gql(OF, { id: ids[0] }, { as: "AUDITOR" });
    expect(res.data!.customer.household.value).toBeNull();
  });
});

describe("households: segments on household attributes", () => {
  const sqlIds = async (where: string) =>
    rowsOf<{ id: string }>(
      await db().execute(
        sql.raw(`select c.id from customers c where c.merged_into is null and ${where} order by c.created_at, c.id`),
      ),
    ).map((r) => r.id);
  const members = async (definition: unknown, as?: RequestOptions) => {
    const res = await app.gql(SEGMENT, { name: "household", d: definition }, as ?? { as: "STEWARD" });
    expect(res.errors).toBeUndefined();
    const ids: string[] = [];
    for (let after: string | null = null, more = true; more; ) {
      const list: any = await app.gql(MEMBERS, { id: res.data!.createSegment.id, after }, as ?? { as: "STEWARD" });
      expect(list.errors).toBeUndefined();
      ids.push(...list.data.segment.members.edges.map((e: any) => e.node.id));
      ({ hasNextPage: more, endCursor: after } = list.data.segment.members.pageInfo);
    }
    return ids.sort();
  };
  const CURRENT = `household_members hm where hm.customer_id = c.id and hm.left_on is null`;
  const SIZE = `(select count(*) from household_members hm join household_members o on o.household_id = hm.household_id and o.left_on is null
      join customers oc on oc.id = o.customer_id and oc.merged_into is null where hm.customer_id = c.id and hm.left_on is null)`;

  it("is household head, household size ≥ 3 and household CLV select exactly what SQL over the memberships finds", async () => {
    const big = await billed([500, 500, 500]);
    await family(big, ["SPOUSE", "CHILD"]);
    const small = await billed([50, 60]);
    await family(small, ["SPOUSE"]);

    expect(await members({ field: "HOUSEHOLD_ROLE", op: "EQ", value: "HEAD" })).toEqual((await sqlIds(`exists (select 1 from ${CURRENT} and hm.role = 'HEAD')`)).sort());
    const large = await members({ field: "HOUSEHOLD_SIZE", op: "GTE", value: 3 });
    expect(large).toEqual((await sqlIds(`${SIZE} >= 3`)).sort());
    expect(large).toEqual(expect.arrayContaining(big));
    expect(large).not.toContain(small[0]);
    const rich = await members({ field: "HOUSEHOLD_CLV", op: "GT", value: 1000 });
    expect(rich).toEqual(
      (await sqlIds(`(select sum(oci.clv) from household_members hm join household_members o on o.household_id = hm.household_id and o.left_on is null
        join customer_insight oci on oci.customer_id = o.customer_id where hm.customer_id = c.id and hm.left_on is null) > 1000`)).sort(),
    );
    expect(rich).toEqual(expect.arrayContaining(big));
  });

  it("household size counts only members the analyst may see: a family of three with one member above the analyst's clearance is a family of two", async () => {
    const ids = await billed([90, 90, 90]);
    await db().update(customers).set({ securityLevel: 4 }).where(eq(customers.id, ids[2]!));
    await family(ids, ["SPOUSE", "CHILD"]);
    const analyst = await sessionOf("hh.analyst.low", "ANALYST", 2);
    const three = await members({ and: [{ field: "HOUSEHOLD_SIZE", op: "EQ", value: 3 }, { field: "ARPU", op: "EQ", value: 90 }] }, analyst);
    expect(three).toEqual([]);
    const two = await members({ and: [{ field: "HOUSEHOLD_SIZE", op: "EQ", value: 2 }, { field: "ARPU", op: "EQ", value: 90 }] }, analyst);
    expect(two).toEqual(ids.slice(0, 2).sort());
  });

  it("filtering on household value is a read of Household.value: refused under a purpose the catalog does not give it", async () => {
    const res = await app.gql(SEGMENT, { name: "x", d: { field: "HOUSEHOLD_CLV", op: "GT", value: 0 } }, { as: "ANALYST", purpose: "THIRD_PARTY_SHARING" });
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(res.errors![0]!.extensions!.fields).toEqual(["HOUSEHOLD_CLV"]);
  });
});

describe("households: erasure", () => {
  it("erasing the head clears the household's name and ends the head's membership; the others stay a household", async () => {
    const [head, spouse] = await insertCustomers(db(), 2);
    const h = await family([head!, spouse!], ["SPOUSE"]);
    await db().transaction((tx) => eraseCustomer(tx, systemAudit("test"), head!));
    const [row] = await db().select().from(households).where(eq(households.id, h.id));
    expect(row!.name).toBeNull();
    expect(await db().select().from(householdMembers).where(eq(householdMembers.customerId, head!))).toEqual([]);
    expect((await householdOf(spouse!)).members.map((m: any) => m.customerId)).toEqual([spouse]);
  });
});
