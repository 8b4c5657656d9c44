import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@tessera/schema/catalog";
import { accountWarnings, interactions, outboxEvents, segments, webhookDeliveries } from "../db/schema.js";
import { tesseraSchema } from "../graphql/schema.js";
import { createUser } from "../modules/user/user.service.js";
import { startTestApp, type TestApp } from "../test/app.js";
import { insertCustomers } from "../test/builders.js";
import { SYSTEM_PRINCIPAL } from "../privacy/principal.js";
import { AuditCollector } from "./audit.collector.js";
import { AUDIT_GUARD, guardMutations, OWN_TRANSACTION } from "./audit.mutation.js";
import { auditEvents } from "./audit.table.js";
import { grantRequests } from "../modules/grant/grant.table.js";

let app: TestApp;
let customerId: string;
let pair: string[];
beforeAll(async () => {
  app = await startTestApp();
  [customerId] = await insertCustomers(app.database.db, 1);
  pair = await insertCustomers(app.database.db, 2, { phone: null });
  await createUser(app.database.db, { username: "walker", role: "AGENT", password: "long-enough-password" });
  await createUser(app.database.db, { username: "second.admin", role: "ADMIN", password: "long-enough-password" });
  made.secondAdmin = (await app.gql(`mutation { login(username: "second.admin", password: "long-enough-password") { token } }`, {}, { as: "ANONYMOUS" })).data!.login.token;
});
afterAll(() => app.close());

const db = () => app.database.db;

interface Sample {
  as?: Role | "ANONYMOUS";
  headers?: Record<string, string>;
  query: string;
  variables?: Record<string, unknown>;
  /** Makes what the sample acts on when no earlier mutation can (a webhook delivery comes from the outbox). */
  setup?: () => Promise<void>;
}

/** What earlier samples created, for the ones that act on it. */
const made: Record<string, string> = {};

/**
 * One valid call of every mutation, in an order where each finds what it acts on. A mutation
 * added to the schema without a sample here fails the walk below: add one.
 */
const SAMPLES: Record<string, () => Sample> = {
  login: () => ({ as: "ANONYMOUS", query: `mutation { login(username: "walker", password: "long-enough-password") { token } }` }),
  createCustomer: () => ({ query: `mutation { createCustomer(input: { kind: INDIVIDUAL, name: "王芳", phone: "+8613900001111" }) { id } }` }),
  updateCustomer: () => ({ query: `mutation($id: ID!) { updateCustomer(id: $id, input: { region: "Zhejiang" }, expectedVersion: 1) { id } }`, variables: { id: made.customer } }),
  recordConsent: () => ({
    query: `mutation($id: ID!) { recordConsent(input: { customerId: $id, purpose: MARKETING, status: GRANTED, source: APP, policyVersion: "2026-01", notice: "Offers by SMS" }) { id } }`,
    variables: { id: customerId },
  }),
  logInteraction: () => ({ query: `mutation($id: ID!) { logInteraction(input: { customerId: $id, channel: HOTLINE, type: CONSULTATION, summary: "asked about roaming" }) { id } }`, variables: { id: customerId } }),
  ingestInteractions: () => ({
    as: "STEWARD",
    query: `mutation($id: ID!) { ingestInteractions(events: [{ customerId: $id, externalId: "walk-1", channel: APP, type: CONSULTATION, occurredAt: "2026-01-02T03:04:05Z" }]) { inserted } }`,
    variables: { id: customerId },
  }),
  upsertCustomers: () => ({ query: `mutation { upsertCustomers(customers: [{ externalId: "walk-crm-1", kind: INDIVIDUAL, name: "Walker" }]) { inserted } }` }),
  addIdentifiers: () => ({
    query: `mutation { addIdentifiers(identifiers: [{ customer: { externalId: "walk-crm-1" }, type: ACCOUNT_NO, value: "walk-acc-1", validFrom: "2025-01-01T00:00:00Z" }]) { inserted } }`,
  }),
  upsertPlans: () => ({ query: `mutation { upsertPlans(plans: [{ code: "walk-plan", name: "Walk 58", monthlyFee: 58, services: [VOICE, DATA] }]) { inserted } }` }),
  upsertSubscriptions: () => ({
    query: `mutation { upsertSubscriptions(subscriptions: [{ externalId: "walk-sub-1", customer: { externalId: "walk-crm-1" }, planCode: "walk-plan", startedOn: "2025-01-01" }]) { inserted } }`,
  }),
  recordUsage: () => ({
    query: `mutation { recordUsage(usage: [{ customer: { externalId: "walk-crm-1" }, month: "2026-01", billAmount: 99, charges: [{ service: VOICE, amount: 99 }] }]) { inserted } }`,
  }),
  recordConsents: () => ({
    query: `mutation { recordConsents(consents: [{ externalId: "walk-consent-1", customer: { externalId: "walk-crm-1" }, purpose: MARKETING, status: GRANTED, source: IMPORT, policyVersion: "2026-01" }]) { inserted } }`,
  }),
  ingestFeedback: () => ({
    query: `mutation { ingestFeedback(feedback: [{ externalId: "walk-nps-1", customer: { externalId: "walk-crm-1" }, kind: NPS, score: 4, channel: SMS }]) { inserted } }`,
  }),
  submitFeedback: () => ({ query: `mutation($id: ID!) { submitFeedback(input: { customerId: $id, kind: NPS, score: 9, channel: APP }) { id } }`, variables: { id: customerId } }),
  addIdentifier: () => ({
    query: `mutation($id: ID!) { addIdentifier(input: { customerId: $id, type: MSISDN, value: "13712349999" }) { id } }`,
    variables: { id: customerId },
  }),
  closeIdentifier: () => ({ query: `mutation($id: ID!) { closeIdentifier(id: $id) { id } }`, variables: { id: made.identifier } }),
  mergeCustomers: () => ({
    query: `mutation($s: ID!, $m: ID!) { mergeCustomers(survivorId: $s, mergedId: $m, expectedVersions: { survivor: 1, merged: 1 }) { id } }`,
    variables: { s: pair[0], m: pair[1] },
  }),
  unmergeCustomers: () => ({ query: `mutation($id: ID!) { unmergeCustomers(mergeId: $id) { id } }`, variables: { id: made.merge } }),
  dismissDuplicate: () => ({ query: `mutation($a: ID!, $b: ID!) { dismissDuplicate(customerId: $a, otherCustomerId: $b) }`, variables: { a: pair[0], b: pair[1] } }),
  // Care work acts on a SPECIAL_CARE task (due today) of a customer made for it.
  snoozeCareTask: () => ({
    query: `mutation($c: ID!, $t: ID!, $u: LocalDate!) { snoozeCareTask(input: { customerId: $c, taskId: $t, until: $u }) { id } }`,
    variables: { c: made.careCustomer, t: made.careTask, u: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) },
    setup: async () => {
      if (made.careTask) return;
      made.careCustomer = (await insertCustomers(db(), 1, { specialCare: ["ELDERLY"] }))[0]!;
      made.careTask = (await app.gql(`query($id: ID!) { customer(id: $id) { careTasks { id } } }`, { id: made.careCustomer })).data!.customer.careTasks[0].id;
    },
  }),
  assignCareTask: () => ({
    query: `mutation($c: ID!, $t: ID!) { assignCareTask(input: { customerId: $c, taskId: $t, assignee: "walker" }) { id } }`,
    variables: { c: made.careCustomer, t: made.careTask },
  }),
  completeCareTask: () => ({
    query: `mutation($c: ID!, $t: ID!) { completeCareTask(input: { customerId: $c, taskId: $t, channel: VISIT, outcome: COMPLETED }) { id } }`,
    variables: { c: made.careCustomer, t: made.careTask },
  }),
  openCase: () => ({ query: `mutation($id: ID!) { openCase(input: { customerId: $id, kind: FAULT, category: NETWORK_QUALITY, subject: "No signal at home" }) { id version } }`, variables: { id: customerId } }),
  transitionCase: () => ({ query: `mutation($id: ID!) { transitionCase(id: $id, action: START, expectedVersion: 1) { id } }`, variables: { id: made.case } }),
  setKeyAccount: () => ({
    query: `mutation($id: ID!) { setKeyAccount(input: { customerId: $id, tier: GOLD, technicalContactName: "王工" }) { customerId } }`,
    variables: { id: made.enterprise },
    setup: async () => {
      made.enterprise = (await insertCustomers(db(), 1, { kind: "ENTERPRISE", name: "Walk Co." }))[0]!;
    },
  }),
  closeAccountWarning: () => ({
    query: `mutation($id: ID!) { closeAccountWarning(id: $id, expectedVersion: 1, cause: PRICE, retentionAction: DISCOUNT_OFFER) { id } }`,
    variables: { id: made.warning },
    setup: async () => {
      made.warning = (await db().insert(accountWarnings).values({ customerId: made.enterprise!, month: "2026-10-01", service: "DATA", reference: 100, amount: 70, dropPercent: 30 }).returning())[0]!.id;
    },
  }),
  createHousehold: () => ({
    query: `mutation($id: ID!) { createHousehold(input: { headCustomerId: $id, name: "王家" }) { id version } }`,
    variables: { id: made.head },
    setup: async () => {
      [made.head, made.spouse] = await insertCustomers(db(), 2);
    },
  }),
  addHouseholdMember: () => ({
    query: `mutation($h: ID!, $id: ID!) { addHouseholdMember(input: { householdId: $h, customerId: $id, role: SPOUSE, familyNumber: true }, expectedVersion: 1) { id } }`,
    variables: { h: made.household, id: made.spouse },
  }),
  removeHouseholdMember: () => ({
    query: `mutation($h: ID!, $id: ID!) { removeHouseholdMember(householdId: $h, customerId: $id, expectedVersion: 2) { id } }`,
    variables: { h: made.household, id: made.spouse },
  }),
  createSegment: () => ({ as: "ANALYST", query: `mutation { createSegment(name: "Zhejiang", definition: { field: REGION, op: EQ, value: "Zhejiang" }) { id } }` }),
  refreshSegment: () => ({ as: "ANALYST", query: `mutation($id: ID!) { refreshSegment(id: $id) { id } }`, variables: { id: made.segment } }),
  deleteSegment: () => ({ as: "ANALYST", query: `mutation($id: ID!) { deleteSegment(id: $id) }`, variables: { id: made.segment } }),
  requestDataSubjectAction: () => ({
    query: `mutation($id: ID!) { requestDataSubjectAction(customerId: $id, type: ACCESS, jurisdiction: PIPL) { id } }`,
    variables: { id: customerId },
  }),
  fulfilDataSubjectRequest: () => ({ query: `mutation($id: ID!) { fulfilDataSubjectRequest(id: $id) { id } }`, variables: { id: made.request } }),
  rejectDataSubjectRequest: () => ({ query: `mutation($id: ID!) { rejectDataSubjectRequest(id: $id, reason: "Identity not verified") { id } }`, variables: { id: made.request2 } }),
  createUser: () => ({ as: "ADMIN", query: `mutation { createUser(username: "new.analyst", role: ANALYST, password: "long-enough-password") { id } }` }),
  setUserRole: () => ({ as: "ADMIN", query: `mutation($id: ID!) { setUserRole(userId: $id, role: AUDITOR) { id } }`, variables: { id: made.user } }),
  disableUser: () => ({ as: "ADMIN", query: `mutation($id: ID!) { disableUser(userId: $id) { id } }`, variables: { id: made.user } }),
  enableUser: () => ({ as: "ADMIN", query: `mutation($id: ID!) { enableUser(userId: $id) { id } }`, variables: { id: made.user } }),
  // Raising a clearance files a grant request (four eyes): the request is the audited write.
  setUserClearance: () => ({ as: "ADMIN", query: `mutation($id: ID!) { setUserClearance(userId: $id, clearance: 3) { id } }`, variables: { id: made.user } }),
  resetUserPassword: () => ({ as: "ADMIN", query: `mutation($id: ID!) { resetUserPassword(userId: $id, temporaryPassword: "temporary-password-1") { id } }`, variables: { id: made.user } }),
  unlockUser: () => ({ as: "ADMIN", query: `mutation($id: ID!) { unlockUser(userId: $id) { id } }`, variables: { id: made.user } }),
  changePassword: () => ({
    as: "ANONYMOUS",
    headers: { authorization: `Bearer ${made.walkerToken}` },
    query: `mutation { changePassword(currentPassword: "long-enough-password", newPassword: "long-enough-password") { token } }`,
  }),
  createPartnerApp: () => ({ as: "ADMIN", query: `mutation { createPartnerApp(name: "walk-partner", purposes: [ANALYTICS], fields: ["Customer.region"]) { id } }` }),
  updatePartnerApp: () => ({
    as: "ADMIN",
    query: `mutation($id: ID!) { updatePartnerApp(id: $id, purposes: [ANALYTICS], fields: ["Customer.region", "Customer.gender"], capabilities: []) { id } }`,
    variables: { id: made.partner },
  }),
  // A second admin decides what the tests' "admin" asked for (the requester may not).
  approveGrant: () => ({ as: "ANONYMOUS", headers: { authorization: `Bearer ${made.secondAdmin}` }, query: `mutation($id: ID!) { approveGrant(id: $id) { id } }`, variables: { id: made.grant } }),
  rejectGrant: () => ({ as: "ANONYMOUS", headers: { authorization: `Bearer ${made.secondAdmin}` }, query: `mutation($id: ID!) { rejectGrant(id: $id) { id } }`, variables: { id: made.grant2 } }),
  createApiKey: () => ({ as: "ADMIN", query: `mutation($id: ID!) { createApiKey(partnerId: $id) { apiKey { keyId } } }`, variables: { id: made.partner } }),
  revokeApiKey: () => ({ as: "ADMIN", query: `mutation($id: String!) { revokeApiKey(keyId: $id) { keyId } }`, variables: { id: made.key } }),
  createWebhook: () => ({
    as: "ADMIN",
    query: `mutation($id: ID!) { createWebhook(partnerId: $id, url: "https://partner.example/hooks", events: [CUSTOMER_UPDATED]) { webhook { id } } }`,
    variables: { id: made.partner },
  }),
  replayWebhookDelivery: () => ({
    as: "ADMIN",
    query: `mutation($id: ID!) { replayWebhookDelivery(id: $id) { id } }`,
    variables: { id: made.delivery },
    setup: async () => {
      const [event] = await db().insert(outboxEvents).values({ type: "CUSTOMER_UPDATED", customerId, recipients: [made.partner!] }).returning();
      const [delivery] = await db()
        .insert(webhookDeliveries)
        .values({ eventId: event!.id, webhookId: made.webhook!, partnerId: made.partner!, customerId, eventSeq: event!.seq, status: "DEAD", attempts: 30 })
        .returning();
      made.delivery = delivery!.id;
    },
  }),
  publishAudience: () => ({
    query: `mutation($s: ID!, $p: ID!) { publishAudience(segmentId: $s, partnerId: $p, purpose: ANALYTICS) { id } }`,
    variables: { s: made.audienceSegment, p: made.partner },
    setup: async () => {
      const [segment] = await db().insert(segments).values({ name: "walk audience", definition: { field: "REGION", op: "EQ", value: "Zhejiang" }, createdBy: "test" }).returning();
      made.audienceSegment = segment!.id;
    },
  }),
  unpublishAudience: () => ({ query: `mutation($id: ID!) { unpublishAudience(id: $id) }`, variables: { id: made.audience } }),
};

/** Picks the ids later samples need out of a mutation's answer. */
async function remember(mutation: string, data: Record<string, any>) {
  const value = data[mutation];
  if (mutation === "createPartnerApp" || mutation === "updatePartnerApp") {
    const [grant] = await db().select({ id: grantRequests.id }).from(grantRequests).where(and(eq(grantRequests.targetId, value.id), eq(grantRequests.status, "PENDING"))).orderBy(desc(grantRequests.createdAt)).limit(1);
    made[mutation === "createPartnerApp" ? "grant" : "grant2"] = grant!.id;
  }
  if (mutation === "createCustomer") made.customer = value.id;
  if (mutation === "createUser") made.user = value.id;
  if (mutation === "login") made.walkerToken = value.token;
  if (mutation === "openCase") made.case = value.id;
  if (mutation === "addIdentifier") made.identifier = value.id;
  if (mutation === "mergeCustomers") made.merge = value.id;
  if (mutation === "createSegment") made.segment = value.id;
  if (mutation === "createHousehold") made.household = value.id;
  if (mutation === "requestDataSubjectAction") made.request = value.id;
  if (mutation === "createPartnerApp") made.partner = value.id;
  if (mutation === "createApiKey") made.key = value.apiKey.keyId;
  if (mutation === "createWebhook") made.webhook = value.webhook.id;
  if (mutation === "publishAudience") made.audience = value.id;
}

const newestSeq = async () => (await db().select({ seq: auditEvents.seq }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1))[0]?.seq ?? 0;

describe("every write is audited", () => {
  it("every Mutation field of the schema runs behind the audit guard", async () => {
    const fields = Object.values((await tesseraSchema()).getMutationType()!.getFields());
    expect(fields.length).toBeGreaterThan(10);
    for (const field of fields) expect({ field: field.name, guarded: AUDIT_GUARD in (field.resolve as object) }).toEqual({ field: field.name, guarded: true });
    for (const [name, reason] of Object.entries(OWN_TRANSACTION)) {
      expect(fields.map((f) => f.name)).toContain(name);
      expect(reason.length).toBeGreaterThan(30);
    }
  });

  it("every mutation of the schema, called once, writes an audit row naming it", async () => {
    const mutations = Object.keys((await tesseraSchema()).getMutationType()!.getFields()).sort();
    expect(mutations.filter((m) => !(m in SAMPLES)), "mutations without a sample in SAMPLES").toEqual([]);
    // A second request for the reject sample (the first is fulfilled).
    const second = await app.gql(`mutation($id: ID!) { requestDataSubjectAction(customerId: $id, type: RECTIFICATION, jurisdiction: GDPR) { id } }`, { id: customerId });
    made.request2 = second.data!.requestDataSubjectAction.id;
    const unaudited: string[] = [];
    for (const [mutation, sample] of Object.entries(SAMPLES)) {
      await sample().setup?.();
      const { as, query, variables, headers } = sample();
      const before = await newestSeq();
      const res = await app.gql(query, variables, { as: as ?? "STEWARD", headers });
      expect(res.errors, mutation).toBeUndefined();
      await remember(mutation, res.data!);
      const rows = await db().select().from(auditEvents).where(gt(auditEvents.seq, before));
      if (!rows.some((r) => r.operation === mutation && r.action !== "READ")) unaudited.push(mutation);
    }
    expect(unaudited).toEqual([]);
    // One call of every mutation (several hash passwords with scrypt) on a shared, loaded machine.
  }, 180_000);

  it("logins are audited, failures too, and no password reaches the trail", async () => {
    const before = await newestSeq();
    await app.gql(`mutation { login(username: "walker", password: "long-enough-password") { token } }`, {}, { as: "ANONYMOUS" });
    await app.gql(`mutation { login(username: "walker", password: "wrong-password-1") { token } }`, {}, { as: "ANONYMOUS" });
    await app.gql(`mutation { login(username: "no-such-user-typed-secret", password: "wrong-password-2") { token } }`, {}, { as: "ANONYMOUS" });
    // In the order written (a SELECT without ORDER BY answers in any order).
    const rows = await db().select().from(auditEvents).where(gt(auditEvents.seq, before)).orderBy(auditEvents.seq);
    expect(rows.map((r) => [r.action, r.principal])).toEqual([
      ["LOGIN", "user:walker"],
      ["LOGIN_FAILED", "user:walker"],
      ["LOGIN_FAILED", "anonymous"],
    ]);
    const text = JSON.stringify(rows);
    for (const secret of ["long-enough-password", "wrong-password-1", "wrong-password-2", "no-such-user-typed-secret"]) expect(text).not.toContain(secret);
  }, 30_000);

  it("with the audit table unwritable, logInteraction fails and commits nothing", async () => {
    const summary = `unwritable-${randomUUID()}`;
    await db().execute(sql`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$`);
    await db().execute(sql`create trigger refuse_audit before insert on audit_events for each row execute function refuse_audit()`);
    try {
      const res = await app.gql(`mutation($id: ID!, $s: String) { logInteraction(input: { customerId: $id, channel: HOTLINE, type: CONSULTATION, summary: $s }) { id } }`, {
        id: customerId,
        s: summary,
      });
      expect(res.errors?.[0]?.extensions?.code).toBeDefined();
      expect(res.data?.logInteraction ?? null).toBeNull();
    } finally {
      await db().execute(sql`drop trigger refuse_audit on audit_events`);
      await db().execute(sql`drop function refuse_audit()`);
    }
    expect(await db().select().from(interactions).where(eq(interactions.summary, summary))).toEqual([]);
  });

  it("a mutation that records no audit row fails and its write is rolled back", async () => {
    await db().execute(sql`create table guard_probe (note text)`);
    const schema = guardMutations(
      new GraphQLSchema({
        query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLString } } }),
        mutation: new GraphQLObjectType({
          name: "Mutation",
          fields: {
            forgetful: {
              type: GraphQLString,
              resolve: async (_root, _args, ctx) => {
                await ctx.db.execute(sql`insert into guard_probe values ('written')`);
                return "done";
              },
            },
          },
        }),
      }),
    );
    const audit = new AuditCollector({ requestId: "probe", principal: SYSTEM_PRINCIPAL, purpose: "SERVICE" });
    const res = await graphql({ schema, source: `mutation { forgetful }`, contextValue: { db: db(), audit } });
    expect(res.errors?.[0]?.message).toMatch(/forgetful wrote no audit row/);
    const rows = await db().execute(sql`select count(*)::int as n from guard_probe`);
    expect(JSON.stringify(rows)).toContain(`"n":0`);
    await db().execute(sql`drop table guard_probe`);
  });
});
