import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { approveAsSecondAdmin } from "../../test/four-eyes.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, insertGrants } from "../../test/builders.js";
import { Receiver, until } from "../../test/webhook-receiver.js";
import { startDispatcher, type Dispatcher } from "./webhook.dispatcher.js";

let app: TestApp;
let dispatcher: Dispatcher | undefined;
const receivers: Receiver[] = [];
const db = () => app.database.db;
const start = async (timeoutMs = 2_000) => {
  dispatcher = await startDispatcher(app.database, { url: app.database.url, baseMs: 30, windowMs: 50, pollMs: 25, timeoutMs });
};

beforeAll(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await app?.close();
});

/** An approved MARKETING partner app with one webhook for consent changes and the stop notices, at its own receiver (or `url`). */
async function partner(name: string, url?: string) {
  const receiver = new Receiver();
  await receiver.start();
  receivers.push(receiver);
  const created = await app.gql(`mutation($n: String!) { createPartnerApp(name: $n, purposes: [MARKETING], fields: ["Customer.name"]) { id } }`, { n: name }, { as: "ADMIN" });
  const id = created.data!.createPartnerApp.id as string;
  await approveAsSecondAdmin(app, id);
  const hook = await app.gql(
    `mutation($p: ID!, $u: String!) { createWebhook(partnerId: $p, url: $u, events: [CONSENT_CHANGED, CUSTOMER_RESTRICTED, CUSTOMER_ERASED]) { webhook { id } } }`,
    { p: id, u: url ?? receiver.url },
    { as: "ADMIN" },
  );
  expect(hook.errors).toBeUndefined();
  return { id, name, receiver };
}

/** A customer the partners may see under MARKETING (a grant), then withdrawn: the withdrawal reaches them, with no customer fields. */
async function customerWithdrawing() {
  const [id] = await insertCustomers(db(), 1);
  await insertGrants(db(), [id!], "MARKETING");
  return {
    id: id!,
    withdraw: async () => {
      const res = await app.gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
        input: { customerId: id, purpose: "MARKETING", status: "WITHDRAWN", source: "APP", policyVersion: "2026-03" },
      });
      expect(res.errors).toBeUndefined();
    },
  };
}

/** What the trail holds of the partner about the customer. */
async function auditOf(partnerId: string, customerId: string) {
  return rowsOf<{ action: string; principal: string; purpose: string; operation: string; fields: string[]; changes: unknown }>(
    await db().execute(sql`select action::text as action, principal, purpose::text as purpose, operation, fields, changes from audit_events
      where partner_id = ${partnerId} and customer_ids @> array[${customerId}]::uuid[] order by seq`),
  );
}

async function statusesOf(customerId: string, partnerId: string, type: string) {
  return rowsOf<{ status: string }>(
    await db().execute(sql`select d.status::text as status from webhook_deliveries d join outbox_events e on e.id = d.event_id
      where e.customer_id = ${customerId} and d.partner_id = ${partnerId} and e.type = ${type}::event_type order by e.seq`),
  ).map((r) => r.status);
}

async function fulfil(customerId: string, type: "ACCESS" | "ERASURE" | "RESTRICTION") {
  const req = await app.gql(`mutation($c: ID!, $t: DataSubjectRequestType!) { requestDataSubjectAction(customerId: $c, type: $t, jurisdiction: GDPR) { id } }`, { c: customerId, t: type });
  expect(req.errors).toBeUndefined();
  const done = await app.gql(`mutation($id: ID!) { fulfilDataSubjectRequest(id: $id) { status evidence } }`, { id: req.data!.requestDataSubjectAction.id });
  expect(done.errors).toBeUndefined();
  expect(done.data!.fulfilDataSubjectRequest.status).toBe("FULFILLED");
  return { id: req.data!.requestDataSubjectAction.id as string, evidence: done.data!.fulfilDataSubjectRequest.evidence as Record<string, any> };
}

const CONSENT_FIELDS = ["ConsentEvent.capturedAt", "ConsentEvent.channel", "ConsentEvent.expiresAt", "ConsentEvent.id", "ConsentEvent.partnerId", "ConsentEvent.purpose", "ConsentEvent.status"];
const consentRead = (name: string) => ({ action: "READ", principal: `partner:${name}`, purpose: "MARKETING", operation: "webhook:CONSENT_CHANGED", fields: CONSENT_FIELDS, changes: null });

describe("webhook deliveries are disclosures", () => {
  it("a partner sent only a consent decision is on record as its recipient (fields, no values), in the customer's access export, and hears of the erasure; the notice itself records nothing", async () => {
    const p = await partner("disclosure-consent-only");
    const customer = await customerWithdrawing();
    await start();
    await customer.withdraw();
    const [hit] = await until(() => p.receiver.about(customer.id, "CONSENT_CHANGED").length && p.receiver.about(customer.id, "CONSENT_CHANGED"), "the withdrawal");
    // Only the event's data went out: the partner no longer sees the customer, so no customer fields.
    expect([hit!.body.customer, hit!.body.data.status]).toEqual([null, "WITHDRAWN"]);
    await until(async () => (await statusesOf(customer.id, p.id, "CONSENT_CHANGED")).includes("DELIVERED"), "the delivery recorded");
    expect(await auditOf(p.id, customer.id)).toEqual([consentRead(p.name)]);

    const access = await fulfil(customer.id, "ACCESS");
    const exported = await app.gql(`query($r: ID!) { dataSubjectExport(requestId: $r) { document } }`, { r: access.id });
    expect(exported.errors).toBeUndefined();
    expect(exported.data!.dataSubjectExport.document.accessLog).toContainEqual(
      expect.objectContaining({ principal: `partner:${p.name}`, partnerId: p.id, partnerName: p.name, action: "READ", operation: "webhook:CONSENT_CHANGED", fields: CONSENT_FIELDS }),
    );

    const erasure = await fulfil(customer.id, "ERASURE");
    expect(erasure.evidence.recipients).toEqual({ partnersThatReceivedData: [p.id], notified: [p.id] });
    const [notice] = await until(() => p.receiver.about(customer.id, "CUSTOMER_ERASED").length && p.receiver.about(customer.id, "CUSTOMER_ERASED"), "the erasure notice");
    expect([notice!.body.customer, notice!.body.data]).toEqual([null, {}]);
    await until(async () => (await statusesOf(customer.id, p.id, "CUSTOMER_ERASED")).includes("DELIVERED"), "the notice recorded");
    // The notice (ids only) is no disclosure: no row of its own, so it can never address another notice.
    expect(await auditOf(p.id, customer.id)).toEqual([consentRead(p.name)]);
  });

  it("a delivery still in flight when its customer is erased is recorded when it lands, and its partner is then sent CUSTOMER_ERASED", async () => {
    const p = await partner("disclosure-in-flight");
    const customer = await customerWithdrawing();
    let release!: () => void;
    p.receiver.hold = new Promise<void>((r) => (release = r));
    // Long enough for the erasure to run while the partner holds the request.
    await start(20_000);
    await customer.withdraw();
    await until(() => p.receiver.about(customer.id, "CONSENT_CHANGED").length, "the withdrawal in flight");
    expect(await auditOf(p.id, customer.id)).toEqual([]);
    // Not recorded yet: the erasure does not know this partner received anything (the partners of the tests before did).
    const erasure = await fulfil(customer.id, "ERASURE");
    expect(erasure.evidence.recipients.partnersThatReceivedData).not.toContain(p.id);
    release();
    p.receiver.hold = undefined;
    const [notice] = await until(() => p.receiver.about(customer.id, "CUSTOMER_ERASED").length && p.receiver.about(customer.id, "CUSTOMER_ERASED"), "the late erasure notice");
    expect(notice!.body.customer).toBeNull();
    expect(await auditOf(p.id, customer.id)).toEqual([consentRead(p.name)]);
    expect(p.receiver.about(customer.id).map((r) => r.body.type)).toEqual(["CONSENT_CHANGED", "CUSTOMER_ERASED"]);
  });

  it("a consent decision queued before a restriction is sent after it, and the restriction notice follows it to that partner", async () => {
    const p = await partner("disclosure-queued");
    const customer = await customerWithdrawing();
    await customer.withdraw();
    expect(await statusesOf(customer.id, p.id, "CONSENT_CHANGED")).toEqual(["PENDING"]);
    const restriction = await fulfil(customer.id, "RESTRICTION");
    expect(restriction.evidence.recipients.partnersThatReceivedData).not.toContain(p.id);
    await start();
    await until(() => p.receiver.about(customer.id, "CUSTOMER_RESTRICTED").length, "the restriction notice");
    expect(p.receiver.about(customer.id).map((r) => r.body.type)).toEqual(["CONSENT_CHANGED", "CUSTOMER_RESTRICTED"]);
    await until(async () => (await statusesOf(customer.id, p.id, "CUSTOMER_RESTRICTED")).includes("DELIVERED"), "the notice recorded");
    expect(await auditOf(p.id, customer.id)).toEqual([consentRead(p.name)]);
  });

  it("an attempt the partner answered with an error disclosed the body too; one that never reached the partner did not", async () => {
    const answering = await partner("disclosure-answering");
    answering.receiver.failures = [500];
    // A port nobody listens on: the connection is refused, nothing is sent.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const unreachable = await partner("disclosure-unreachable", `http://127.0.0.1:${port}/hook`);
    const customer = await customerWithdrawing();
    await start();
    await customer.withdraw();
    await until(async () => (await statusesOf(customer.id, answering.id, "CONSENT_CHANGED")).includes("DELIVERED"), "the second attempt delivered");
    await until(async () => (await statusesOf(customer.id, unreachable.id, "CONSENT_CHANGED")).includes("DEAD"), "the unreachable delivery dead");
    expect(answering.receiver.about(customer.id)).toHaveLength(2);
    expect(await auditOf(answering.id, customer.id)).toEqual([consentRead(answering.name), consentRead(answering.name)]);
    expect(await auditOf(unreachable.id, customer.id)).toEqual([]);
  });
});
