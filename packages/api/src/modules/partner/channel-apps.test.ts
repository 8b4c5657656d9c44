import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../audit/audit.table.js";
import { firstRow } from "../../db/rows.js";
import { startTestApp, type GraphqlResponse, type TestApp } from "../../test/app.js";
import { insertFullCustomer } from "../../test/builders.js";
import { approveAsSecondAdmin } from "../../test/four-eyes.js";
import { outboxEvents } from "../webhook/webhook.table.js";

/**
 * Channel apps that write (issue 14 item 3, docs/partners.md "Write capabilities"): a partner app
 * holding OPEN_CASE, LOG_INTERACTION, SUBMIT_FEEDBACK or RECORD_CONSENT calls that mutation over
 * real HTTP with its API key, through the APP channel, audited as itself; for a customer it may
 * not see the answer is the one for a customer that does not exist.
 */

const WRITES = ["OPEN_CASE", "LOG_INTERACTION", "SUBMIT_FEEDBACK", "RECORD_CONSENT"];
const PURPOSES = ["SERVICE", "MARKETING", "THIRD_PARTY_SHARING"];
const APP_NAME = "fixit-app";

let app: TestApp;
let partnerId: string;
let key: string;
let readerKey: string;
let visible: string;
let invisible: string;

const CREATE = `mutation($n: String!, $p: [Purpose!]!, $f: [String!]!, $c: [PartnerCapability!]) {
  createPartnerApp(name: $n, purposes: $p, fields: $f, capabilities: $c) { id awaitingApproval capabilities } }`;
const UPDATE = `mutation($id: ID!, $p: [Purpose!]!, $f: [String!]!, $c: [PartnerCapability!]!) {
  updatePartnerApp(id: $id, purposes: $p, fields: $f, capabilities: $c) { id capabilities } }`;
const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id kind source owner partnerId status } }`;
const LOG = `mutation($input: LogInteractionInput!) { logInteraction(input: $input) { id channel type } }`;
const FEEDBACK = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id channel score } }`;
const CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id source recordedBy } }`;

/** An app made the way an admin makes one: through the API, approved by a second admin (four eyes), with a key. */
async function partnerApp(name: string, capabilities: string[]): Promise<{ id: string; key: string }> {
  const created = await app.gql(CREATE, { n: name, p: PURPOSES, f: ["Customer.name", "Case.*"], c: capabilities }, { as: "ADMIN" });
  expect(created.errors).toBeUndefined();
  const id = created.data!.createPartnerApp.id as string;
  const issued = (await app.gql(`mutation($id: ID!) { createApiKey(partnerId: $id) { key } }`, { id }, { as: "ADMIN" })).data!.createApiKey.key as string;
  // Four eyes: until a second admin approves, the key opens nothing, let alone a write.
  expect((await app.gql(OPEN_CASE, { input: fault(randomUUID()) }, { as: { apiKey: issued }, purpose: "SERVICE" })).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  await approveAsSecondAdmin(app, id);
  return { id, key: issued };
}

const asApp = (apiKey = key) => ({ as: { apiKey }, purpose: "SERVICE" });
const fault = (customerId: string) => ({ customerId, kind: "FAULT", category: "NETWORK_QUALITY", subject: "No signal at home since this morning" });
const interaction = (customerId: string) => ({ customerId, channel: "APP", type: "FAULT_REPORT", summary: "Reported in the app" });
const answer = (customerId: string) => ({ customerId, kind: "NPS", score: 9, channel: "APP" });
const decision = (customerId: string) => ({ customerId, purpose: "MARKETING", status: "GRANTED", source: "APP", policyVersion: "2026-03" });

/** The four writes, each with a valid input for `customerId`. */
const CALLS: [string, string, (customerId: string) => Record<string, unknown>][] = [
  ["openCase", OPEN_CASE, fault],
  ["logInteraction", LOG, interaction],
  ["submitFeedback", FEEDBACK, answer],
  ["recordConsent", CONSENT, decision],
];

beforeAll(async () => {
  app = await startTestApp();
  ({ id: partnerId, key } = await partnerApp(APP_NAME, WRITES));
  ({ key: readerKey } = await partnerApp("reader-app", []));
  // Both customers exist; only the first consented to SERVICE, so only the first exists for a SERVICE app.
  visible = (await insertFullCustomer(app.database.db, { grantPurposes: ["SERVICE"] })).id;
  invisible = (await insertFullCustomer(app.database.db, { phone: "+8613912345678" })).id;
});
afterAll(() => app.close());

/** Everything a client can observe of an answer, with the id it asked about blanked out. */
function observed(res: GraphqlResponse, id: string) {
  return JSON.parse(JSON.stringify({ status: res.status, data: res.data, errors: res.errors, extensions: res.extensions }).replaceAll(id, "<customer-id>"));
}

async function written(customerId: string) {
  const row = firstRow<{ n: number }>(await app.database.db.execute(sql`select
    (select count(*) from cases where customer_id = ${customerId})
    + (select count(*) from interactions where customer_id = ${customerId})
    + (select count(*) from feedback where customer_id = ${customerId})
    + (select count(*) from consent_events where customer_id = ${customerId}) as n`));
  return Number(row!.n);
}

describe("channel apps that write", () => {
  it("a service app opens a fault case for a visible customer; the agent queue shows it with the partner as source", async () => {
    const opened = await app.gql(OPEN_CASE, { input: fault(visible) }, asApp());
    expect(opened.errors).toBeUndefined();
    expect(opened.data!.openCase).toMatchObject({ kind: "FAULT", source: "APP", owner: APP_NAME, partnerId, status: "OPEN" });
    const caseId = opened.data!.openCase.id as string;

    const queue = await app.gql(`{ cases(first: 100) { edges { node { id source owner partnerId subject customer { id } } } } }`, {}, { as: "AGENT" });
    expect(queue.errors).toBeUndefined();
    const row = queue.data!.cases.edges.map((e: any) => e.node).find((n: any) => n.id === caseId);
    expect(row).toEqual({ id: caseId, source: "APP", owner: APP_NAME, partnerId, subject: "No signal at home since this morning", customer: { id: visible } });

    // The intake contact the case logged came through the app, and the partner is the audited actor.
    const history = await app.gql(`query($id: ID!) { customer(id: $id) { interactions(first: 5) { edges { node { channel type caseId agent } } } } }`, { id: visible });
    expect(history.data!.customer.interactions.edges.map((e: any) => e.node)).toContainEqual({ channel: "APP", type: "FAULT_REPORT", caseId, agent: APP_NAME });
    const trail = await app.database.db.select().from(auditEvents).where(and(eq(auditEvents.operation, "openCase"), eq(auditEvents.action, "CREATE")));
    expect(trail.length).toBeGreaterThan(0);
    for (const row of trail) expect(row).toMatchObject({ principalKind: "PARTNER", partnerId, principal: `partner:${APP_NAME}`, purpose: "SERVICE" });
  });

  it("for an invisible customer every write answers exactly as for a missing one, and writes nothing", async () => {
    const missing = randomUUID();
    const before = await written(invisible);
    for (const [name, mutation, input] of CALLS) {
      const forInvisible = await app.gql(mutation, { input: input(invisible) }, asApp());
      const forMissing = await app.gql(mutation, { input: input(missing) }, asApp());
      expect(forInvisible.errors?.[0]?.extensions?.code, name).toBe("NOT_FOUND");
      expect(observed(forInvisible, invisible), name).toEqual(observed(forMissing, missing));
    }
    expect(await written(invisible)).toBe(before);
  });

  it("a partner without the capability is FORBIDDEN; removing one applies at once, adding one waits for a second admin", async () => {
    for (const [name, mutation, input] of CALLS) {
      const res = await app.gql(mutation, { input: input(visible) }, asApp(readerKey));
      expect(res.errors?.[0]?.extensions?.code, name).toBe("FORBIDDEN");
    }
    const access = { id: partnerId, p: PURPOSES, f: ["Customer.name", "Case.*"] };
    const narrowed = await app.gql(UPDATE, { ...access, c: ["LOG_INTERACTION", "SUBMIT_FEEDBACK", "RECORD_CONSENT"] }, { as: "ADMIN" });
    expect(narrowed.data!.updatePartnerApp.capabilities).not.toContain("OPEN_CASE");
    expect((await app.gql(OPEN_CASE, { input: fault(visible) }, asApp())).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await app.gql(LOG, { input: interaction(visible) }, asApp())).errors).toBeUndefined();

    const widened = await app.gql(UPDATE, { ...access, c: WRITES }, { as: "ADMIN" });
    expect(widened.data!.updatePartnerApp.capabilities).not.toContain("OPEN_CASE");
    expect((await app.gql(OPEN_CASE, { input: fault(visible) }, asApp())).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    await approveAsSecondAdmin(app, partnerId);
    expect((await app.gql(OPEN_CASE, { input: fault(visible) }, asApp())).errors).toBeUndefined();
  });

  it("a partner's recordConsent with source APP is in the consent ledger with the partner as recorder, and announced", async () => {
    const res = await app.gql(CONSENT, { input: decision(visible) }, asApp());
    expect(res.errors).toBeUndefined();
    const eventId = res.data!.recordConsent.id as string;
    const ledger = await app.gql(`query($id: ID!) { customer(id: $id) { consentHistory { id purpose status source recordedBy } } }`, { id: visible });
    expect(ledger.data!.customer.consentHistory).toContainEqual({ id: eventId, purpose: "MARKETING", status: "GRANTED", source: "APP", recordedBy: `partner:${APP_NAME}` });
    // Webhooks hear of it as of any other writer's decision: the outbox row is written with it.
    const [event] = await app.database.db.select().from(outboxEvents).where(sql`${outboxEvents.data}->>'consentEventId' = ${eventId}`);
    expect(event).toMatchObject({ type: "CONSENT_CHANGED", customerId: visible });
    const [audit] = await app.database.db.select().from(auditEvents).where(eq(auditEvents.operation, "recordConsent"));
    expect(audit).toMatchObject({ principalKind: "PARTNER", partnerId, action: "CREATE", customerIds: [visible] });
  });

  it("a partner writes through the APP channel only, and records consent only within its own contract", async () => {
    const hall = await app.gql(CONSENT, { input: { ...decision(visible), source: "HALL" } }, asApp());
    expect(hall.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(hall.errors![0]!.message).toMatch(/source/);
    const hotline = await app.gql(LOG, { input: { ...interaction(visible), channel: "HOTLINE" } }, asApp());
    expect(hotline.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const sms = await app.gql(FEEDBACK, { input: { ...answer(visible), channel: "SMS" } }, asApp());
    expect(sms.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const logged = await app.gql(LOG, { input: interaction(visible) }, asApp());
    expect(logged.data!.logInteraction).toMatchObject({ channel: "APP", type: "FAULT_REPORT" });
    const scored = await app.gql(FEEDBACK, { input: answer(visible) }, asApp());
    expect(scored.data!.submitFeedback).toMatchObject({ channel: "APP", score: 9 });

    // A purpose outside its contract, or sharing with another partner, is not the app's to decide.
    const analytics = await app.gql(CONSENT, { input: { ...decision(visible), purpose: "ANALYTICS" } }, asApp());
    expect(analytics.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const sharing = (partner: string) => app.gql(CONSENT, { input: { ...decision(visible), purpose: "THIRD_PARTY_SHARING", partnerId: partner } }, asApp());
    expect((await sharing(randomUUID())).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await sharing(partnerId)).errors).toBeUndefined();
  });

  it("an external id is no oracle: a channel app's answer is the same whether another customer's interaction holds it or nobody's does", async () => {
    const taken = `CRM-${randomUUID()}`;
    await app.gql(LOG, { input: { ...interaction(invisible), channel: "HOTLINE", externalId: taken } }, { as: "AGENT" });
    expect(firstRow<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from interactions where external_id = ${taken}`))!.n).toBe(1);
    const free = `CRM-${randomUUID()}`;
    const withTaken = await app.gql(LOG, { input: { ...interaction(visible), externalId: taken } }, asApp());
    const withFree = await app.gql(LOG, { input: { ...interaction(visible), externalId: free } }, asApp());
    expect(observed(withTaken, taken)).toEqual(observed(withFree, free));
    // Not a silent success either: a channel app's single writes carry no external id at all.
    expect(withTaken.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
