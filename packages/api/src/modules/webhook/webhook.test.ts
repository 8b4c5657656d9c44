import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../graphql/context.js";
import { rowsOf } from "../../db/rows.js";
import type { Db } from "../../db/client.js";
import { TokenService } from "../../privacy/tokens.js";
import { approveAsSecondAdmin } from "../../test/four-eyes.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, insertGrants } from "../../test/builders.js";
import { Receiver, until } from "../../test/webhook-receiver.js";
import { recordConsent } from "../consent/consent.service.js";
import type { RecordConsentInput } from "../consent/consent.inputs.js";
import { startDispatcher, type Dispatcher } from "./webhook.dispatcher.js";
import { verifySignature } from "./webhook.rules.js";

let app: TestApp;
let dispatcher: Dispatcher;
const start = () => startDispatcher(app.database, { url: app.database.url, baseMs: 30, pollMs: 25, timeoutMs: 2_000 });

interface Partner {
  id: string;
  key: string;
  secret: string;
  receiver: Receiver;
}

/** A partner app with an API key and a webhook for every event type on its own loopback receiver. */
async function partner(name: string, purposes: string[], fields: string[]): Promise<Partner> {
  const created = await app.gql(`mutation($n: String!, $p: [Purpose!]!, $f: [String!]!) { createPartnerApp(name: $n, purposes: $p, fields: $f) { id } }`, { n: name, p: purposes, f: fields }, { as: "ADMIN" });
  const id = created.data!.createPartnerApp.id as string;
  await approveAsSecondAdmin(app, id); // four eyes: its keys work once approved
  const key = (await app.gql(`mutation($id: ID!) { createApiKey(partnerId: $id) { key } }`, { id }, { as: "ADMIN" })).data!.createApiKey.key as string;
  const receiver = new Receiver();
  await receiver.start();
  const hook = await app.gql(
    `mutation($p: ID!, $u: String!, $e: [EventType!]!) { createWebhook(partnerId: $p, url: $u, events: $e) { secret webhook { id events } } }`,
    { p: id, u: receiver.url, e: ["CONSENT_CHANGED", "CUSTOMER_UPDATED", "CUSTOMER_RESTRICTED", "CUSTOMER_ERASED", "CUSTOMER_MERGED", "CASE_STATUS_CHANGED", "CHURN_RISK_HIGH"] },
    { as: { apiKey: key }, purpose: purposes[0] },
  );
  expect(hook.errors).toBeUndefined();
  return { id, key, secret: hook.data!.createWebhook.secret, receiver };
}

const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, expectedVersion: $v, input: $input) { version } }`;
async function rename(customerId: string, name: string) {
  const [row] = rowsOf<{ version: number }>(await app.database.db.execute(sql`select version from customers where id = ${customerId}`));
  const res = await app.gql(UPDATE, { id: customerId, v: row!.version, input: { name } });
  expect(res.errors).toBeUndefined();
}
const WITHDRAW = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const consentInput = (customerId: string, status: string) => ({ customerId, purpose: "MARKETING", status, source: "APP", policyVersion: "2026-03" });

let marketer: Partner;
let analyst: Partner;
const receivers: Receiver[] = [];
beforeAll(async () => {
  app = await startTestApp();
  marketer = await partner("marketing-platform", ["MARKETING"], ["Customer.name"]);
  analyst = await partner("analytics-lab", ["ANALYTICS"], ["Customer.name", "Customer.region"]);
  receivers.push(marketer.receiver, analyst.receiver);
  dispatcher = await start();
});
afterAll(async () => {
  await dispatcher?.stop();
  for (const r of receivers) await r.close();
  await app?.close();
});

describe("outbound webhooks", () => {
  it("refuses an endpoint that is not https (plain http only on loopback) or names no event type, each with its problem code", async () => {
    const create = (url: string, events: string[]) =>
      app.gql(`mutation($p: ID!, $u: String!, $e: [EventType!]!) { createWebhook(partnerId: $p, url: $u, events: $e) { secret } }`, { p: marketer.id, u: url, e: events }, { as: { apiKey: marketer.key }, purpose: "MARKETING" });
    const codeOf = async (url: string, events: string[]) => {
      const res = await create(url, events);
      return (res.errors?.[0]?.extensions?.problems as { field: string; code: string }[] | undefined)?.map((p) => `${p.field} ${p.code}`);
    };
    expect(await codeOf("not a url", ["CONSENT_CHANGED"])).toEqual(["url NOT_A_URL"]);
    expect(await codeOf("ftp://partner.example/hooks", ["CONSENT_CHANGED"])).toEqual(["url URL_NOT_HTTPS"]);
    expect(await codeOf("http://partner.example/hooks", ["CONSENT_CHANGED"])).toEqual(["url URL_PLAIN_HTTP"]);
    expect(await codeOf("https://partner.example/hooks", [])).toEqual(["events NO_EVENT_TYPES"]);
  });

  it("withdrawing a MARKETING consent delivers a signed CONSENT_CHANGED to the partner that could see the customer", async () => {
    const [customerId] = await insertCustomers(app.database.db, 1);
    await insertGrants(app.database.db, [customerId!], "MARKETING");
    const res = await app.gql(WITHDRAW, { input: consentInput(customerId!, "WITHDRAWN") });
    expect(res.errors).toBeUndefined();
    const [hit] = await until(() => marketer.receiver.about(customerId!, "CONSENT_CHANGED").length && marketer.receiver.about(customerId!, "CONSENT_CHANGED"), "the withdrawal notice");
    expect(verifySignature(marketer.secret, hit!.raw, String(hit!.headers["tessera-signature"]))).toBe(true);
    expect(verifySignature(analyst.secret, hit!.raw, String(hit!.headers["tessera-signature"]))).toBe(false);
    expect(hit!.headers["idempotency-key"]).toBe(hit!.body.id);
    expect(hit!.body.data).toMatchObject({ purpose: "MARKETING", status: "WITHDRAWN" });
    // It no longer sees the customer: the notice carries ids, no customer fields.
    expect(hit!.body.customer).toBeNull();
  });

  it("a withdrawal arriving through the consent feed reaches the partner that could see the customer", async () => {
    const [customerId] = await insertCustomers(app.database.db, 1);
    await insertGrants(app.database.db, [customerId!], "MARKETING");
    const res = await app.gql(`mutation($c: ID!) { recordConsents(consents: [{ externalId: "feed-withdrawal-1", customer: { id: $c }, purpose: MARKETING, status: WITHDRAWN, source: IMPORT, policyVersion: "2026-03" }]) { inserted } }`, { c: customerId });
    expect(res.data!.recordConsents.inserted).toBe(1);
    const [hit] = await until(() => marketer.receiver.about(customerId!, "CONSENT_CHANGED").length && marketer.receiver.about(customerId!, "CONSENT_CHANGED"), "the feed withdrawal notice");
    expect(hit!.body.data).toMatchObject({ purpose: "MARKETING", status: "WITHDRAWN" });
    expect(analyst.receiver.about(customerId!)).toEqual([]);
  });

  it("fans a feed batch out per customer: each event reaches exactly the partners that could see its own customer", async () => {
    // granted: visible after the batch; never: visible neither before nor after; withdrawn: visible before only.
    const [granted, never, withdrawn] = await insertCustomers(app.database.db, 3);
    await insertGrants(app.database.db, [withdrawn!], "MARKETING");
    const decisions: [string, string][] = [[granted!, "GRANTED"], [never!, "WITHDRAWN"], [withdrawn!, "WITHDRAWN"]];
    const consents = decisions.map(([c, status], k) => ({ externalId: `feed-fanout-${k}`, customer: { id: c }, purpose: "MARKETING", status, source: "IMPORT", policyVersion: "2026-03" }));
    const res = await app.gql(`mutation($consents: [ConsentFeedInput!]!) { recordConsents(consents: $consents) { inserted } }`, { consents });
    expect(res.data!.recordConsents.inserted).toBe(3);
    const rows = rowsOf<{ customer_id: string; recipients: string[]; delivered_to: string[] | null }>(
      await app.database.db.execute(sql`select e.customer_id, e.recipients, (select array_agg(d.partner_id) from webhook_deliveries d where d.event_id = e.id) as delivered_to
        from outbox_events e where e.type = 'CONSENT_CHANGED' and e.customer_id in (${granted}, ${never}, ${withdrawn})`),
    );
    const byCustomer = Object.fromEntries(rows.map((r) => [r.customer_id, [r.recipients, r.delivered_to ?? []]]));
    expect(byCustomer).toEqual({ [granted!]: [[marketer.id], [marketer.id]], [never!]: [[], []], [withdrawn!]: [[marketer.id], [marketer.id]] });
  });

  it("the customer feed and openCase announce their changes as the single mutations do (CUSTOMER_UPDATED, CASE_STATUS_CHANGED from its start)", async () => {
    const feed = (name: string) =>
      app.gql(`mutation($c: [CustomerFeedInput!]!) { upsertCustomers(customers: $c) { inserted updated errors { field message } } }`, { c: [{ externalId: "CRM-FED-1", kind: "INDIVIDUAL", name }] });
    expect((await feed("Fed Customer")).data!.upsertCustomers).toMatchObject({ inserted: 1, errors: [] });
    const [row] = rowsOf<{ id: string }>(await app.database.db.execute(sql`select id from customers where external_id = 'CRM-FED-1'`));
    const fed = row!.id;
    await insertGrants(app.database.db, [fed], "MARKETING");
    const upsert = await feed("Fed Renamed");
    expect(upsert.errors).toBeUndefined();
    expect(upsert.data!.upsertCustomers).toMatchObject({ updated: 1, errors: [] });
    const [update] = await until(() => marketer.receiver.about(fed, "CUSTOMER_UPDATED").length && marketer.receiver.about(fed, "CUSTOMER_UPDATED"), "the feed's update");
    expect(update!.body.customer).toEqual({ id: fed, name: "Fed Renamed" });
    expect(update!.body.data).toMatchObject({ fields: expect.arrayContaining(["name"]) });

    const opened = await app.gql(`mutation($id: ID!) { openCase(input: { customerId: $id, kind: FAULT, category: NETWORK_QUALITY, subject: "No signal" }) { id } }`, { id: fed });
    const caseId = opened.data!.openCase.id;
    const [status] = await until(() => marketer.receiver.about(fed, "CASE_STATUS_CHANGED").length && marketer.receiver.about(fed, "CASE_STATUS_CHANGED"), "the new case");
    expect(status!.body.data).toMatchObject({ caseId, from: null, to: "OPEN" });
  });

  it("sends only the partner's allowlisted fields, and nothing about a customer the partner cannot see", async () => {
    const [seen, unseen] = await insertCustomers(app.database.db, 2);
    await insertGrants(app.database.db, [seen!], "MARKETING");
    await insertGrants(app.database.db, [seen!, unseen!], "ANALYTICS");
    await rename(unseen!, "Unseen Renamed");
    await rename(seen!, "Seen Renamed");
    const [hit] = await until(() => marketer.receiver.about(seen!, "CUSTOMER_UPDATED").length && marketer.receiver.about(seen!, "CUSTOMER_UPDATED"), "the update");
    expect(hit!.body.customer).toEqual({ id: seen, name: "Seen Renamed" });
    // The analytics partner sees both (ANALYTICS grants): of its allowlist, the catalog lets ANALYTICS read the region, not the name.
    const [analytics] = await until(() => analyst.receiver.about(unseen!).length && analyst.receiver.about(unseen!), "the analytics update");
    expect(Object.keys(analytics!.body.customer!).sort()).toEqual(["id", "region"]);
    // The later event to the marketer arrived, so the earlier one about `unseen` was decided: never sent.
    expect(marketer.receiver.about(unseen!)).toEqual([]);
    const outbox = rowsOf<{ recipients: string[] }>(await app.database.db.execute(sql`select recipients from outbox_events where customer_id = ${unseen} and type = 'CUSTOMER_UPDATED'`));
    expect(outbox.map((o) => o.recipients)).toEqual([[analyst.id]]);
  });

  it("writes no event for a change rolled back with its transaction", async () => {
    const [customerId] = await insertCustomers(app.database.db, 1);
    await insertGrants(app.database.db, [customerId!], "MARKETING");
    const tokens = await TokenService.create(app.database.db, "test-secret-test-secret-test-secret!");
    const rollback = new Error("rolled back");
    await expect(
      app.database.db.transaction(async (tx) => {
        const ctx = createContext({ db: tx as unknown as Db, principal: { kind: "SYSTEM", id: "system", name: "system" }, purpose: "SERVICE", tokens });
        await recordConsent(ctx, consentInput(customerId!, "WITHDRAWN") as RecordConsentInput);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    const count = async (table: string) =>
      rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where customer_id = ${customerId}`))[0]!.n;
    expect([await count("consent_events"), await count("outbox_events"), await count("webhook_deliveries")]).toEqual([1, 0, 0]);
  });

  it("retries a failing receiver with backoff: after 5 failures the 6th attempt delivers", async () => {
    const [customerId] = await insertCustomers(app.database.db, 1);
    await insertGrants(app.database.db, [customerId!], "MARKETING");
    marketer.receiver.failures = [500, 503, 500, 502, 500];
    await rename(customerId!, "Retry Me");
    await until(() => marketer.receiver.about(customerId!).length === 6, "the sixth attempt");
    const ids = new Set(marketer.receiver.about(customerId!).map((r) => r.headers["idempotency-key"]));
    expect(ids.size).toBe(1);
    const DELIVERIES = `{ webhookDeliveries(first: 100) { edges { node { id eventId customerId status attempts lastStatusCode partnerId } } } }`;
    const nodesAs = async (as: { apiKey: string } | "ADMIN", purpose?: string) =>
      (await app.gql(DELIVERIES, {}, { as, purpose })).data!.webhookDeliveries.edges.map((e: any) => e.node) as any[];
    const [delivery] = await until(async () => {
      const mine = (await nodesAs({ apiKey: marketer.key }, "MARKETING")).filter((n) => n.customerId === customerId && n.status === "DELIVERED");
      return mine.length && mine;
    }, "the delivery marked delivered");
    expect(delivery).toMatchObject({ status: "DELIVERED", attempts: 6, lastStatusCode: 200, partnerId: marketer.id });
    // A partner sees only its own deliveries; an administrator sees every partner's.
    expect(new Set((await nodesAs({ apiKey: analyst.key }, "ANALYTICS")).map((n) => n.partnerId))).toEqual(new Set([analyst.id]));
    expect(new Set((await nodesAs("ADMIN")).map((n) => n.partnerId))).toEqual(new Set([analyst.id, marketer.id]));

    // Replay sends the same event again, with the same idempotency key.
    const replay = await app.gql(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, { id: delivery.id }, { as: { apiKey: marketer.key }, purpose: "MARKETING" });
    expect(replay.data!.replayWebhookDelivery.status).toBe("PENDING");
    await until(() => marketer.receiver.about(customerId!).length === 7, "the replay");
    expect(marketer.receiver.about(customerId!).at(-1)!.headers["idempotency-key"]).toBe(delivery.eventId);
    // Another partner's delivery is answered as missing.
    const foreign = await app.gql(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, { id: delivery.id }, { as: { apiKey: analyst.key }, purpose: "ANALYTICS" });
    expect(foreign.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });

  it("stopping the dispatcher mid-delivery and starting it again delivers each event exactly once per idempotency key, none lost", async () => {
    const customers = await insertCustomers(app.database.db, 3);
    await insertGrants(app.database.db, customers, "MARKETING");
    let release!: () => void;
    marketer.receiver.hold = new Promise<void>((r) => (release = r));
    for (const id of customers) await rename(id, "Stop Me");
    await until(() => customers.some((id) => marketer.receiver.about(id).length), "a delivery in flight");
    await dispatcher.stop();
    release();
    marketer.receiver.hold = undefined;
    dispatcher = await start();
    await until(async () => {
      const pending = rowsOf<{ n: number }>(
        await app.database.db.execute(sql`select count(*)::int as n from webhook_deliveries where status <> 'DELIVERED' and customer_id = any(${`{${customers.join(",")}}`}::uuid[])`),
      )[0]!.n;
      return pending === 0;
    }, "every delivery delivered");
    // What a receiver that drops repeated keys processed: each event exactly once, all three there.
    const processed = new Map<string, string>();
    for (const r of customers.flatMap((id) => marketer.receiver.about(id))) processed.set(String(r.headers["idempotency-key"]), r.body.customerId);
    expect([...processed.values()].sort()).toEqual([...customers].sort());
  });

  it("sends CUSTOMER_ERASED to exactly the partners the audit shows received the customer's data, and the DSR lists them", async () => {
    const [customerId] = await insertCustomers(app.database.db, 1);
    await insertGrants(app.database.db, [customerId!], "MARKETING");
    await insertGrants(app.database.db, [customerId!], "ANALYTICS");
    // Only the marketer reads the customer; the analyst could, but never did.
    const read = await app.gql(`query($id: ID!) { customer(id: $id) { id name } }`, { id: customerId }, { as: { apiKey: marketer.key }, purpose: "MARKETING" });
    expect(read.data!.customer.name).toBeTruthy();
    const received = async () => rowsOf<{ partner_id: string }>(await app.database.db.execute(sql`select distinct partner_id from audit_events where partner_id is not null and customer_ids @> array[${customerId}]::uuid[]`)).map((r) => r.partner_id);
    await until(async () => (await received()).length === 1, "the read audit");
    expect(await received()).toEqual([marketer.id]);
    const request = await app.gql(`mutation($c: ID!) { requestDataSubjectAction(customerId: $c, type: ERASURE, jurisdiction: GDPR) { id } }`, { c: customerId });
    expect(request.errors).toBeUndefined();
    const done = await app.gql(`mutation($id: ID!) { fulfilDataSubjectRequest(id: $id) { status evidence } }`, { id: request.data!.requestDataSubjectAction.id });
    expect(done.errors).toBeUndefined();
    expect(done.data!.fulfilDataSubjectRequest.evidence.recipients).toEqual({ partnersThatReceivedData: [marketer.id], notified: [marketer.id] });
    const [notice] = await until(() => marketer.receiver.about(customerId!, "CUSTOMER_ERASED").length && marketer.receiver.about(customerId!, "CUSTOMER_ERASED"), "the erasure notice");
    expect(notice!.body.customer).toBeNull();
    // The analyst's deliveries about this customer were all decided (none pending), and none is an erasure notice.
    const analystRows = rowsOf<{ n: number }>(
      await app.database.db.execute(sql`select count(*)::int as n from webhook_deliveries d join outbox_events e on e.id = d.event_id where d.partner_id = ${analyst.id} and e.type = 'CUSTOMER_ERASED' and e.customer_id = ${customerId}`),
    );
    expect(analystRows[0]!.n).toBe(0);
    expect(analyst.receiver.about(customerId!, "CUSTOMER_ERASED")).toEqual([]);
  });
});
