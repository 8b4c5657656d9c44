import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { approveAsSecondAdmin } from "../../test/four-eyes.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, insertGrants, validNationalId } from "../../test/builders.js";
import { Receiver, until } from "../../test/webhook-receiver.js";
import { emitEvent } from "../webhook/outbox.js";
import { startDispatcher, type Dispatcher } from "../webhook/webhook.dispatcher.js";
import { eventType, type EventType, type WebhookDeliveryRow } from "../webhook/webhook.table.js";
import { ERASED_ELSEWHERE, referencesErasureCovers, REFERENCES_KEPT } from "./dsr.catalog.js";

let app: TestApp;
let dispatcher: Dispatcher | undefined;
const receivers: Receiver[] = [];
const db = () => app.database.db;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await dispatcher?.stop();
  for (const r of receivers) await r.close();
  await app?.close();
});

/** An approved partner app with a key and `hooks` webhooks for every event type at `url`. */
async function partner(name: string, purposes: string[], fields: string[], url: string, hooks = 1) {
  const created = await app.gql(`mutation($n: String!, $p: [Purpose!]!, $f: [String!]!) { createPartnerApp(name: $n, purposes: $p, fields: $f) { id } }`, { n: name, p: purposes, f: fields }, { as: "ADMIN" });
  const id = created.data!.createPartnerApp.id as string;
  await approveAsSecondAdmin(app, id);
  const webhookIds: string[] = [];
  for (let k = 0; k < hooks; k++) {
    const hook = await app.gql(`mutation($p: ID!, $u: String!, $e: [EventType!]!) { createWebhook(partnerId: $p, url: $u, events: $e) { webhook { id } } }`, { p: id, u: url, e: eventType.enumValues }, { as: "ADMIN" });
    expect(hook.errors).toBeUndefined();
    webhookIds.push(hook.data!.createWebhook.webhook.id);
  }
  return { id, webhookIds };
}

/** Fulfils a data-subject request of `type` for the customer; answers its evidence. */
async function fulfilRequest(customerId: string, type: "ERASURE" | "RESTRICTION"): Promise<Record<string, any>> {
  const req = await app.gql(`mutation($c: ID!, $t: DataSubjectRequestType!) { requestDataSubjectAction(customerId: $c, type: $t, jurisdiction: GDPR) { id } }`, { c: customerId, t: type });
  expect(req.errors).toBeUndefined();
  const done = await app.gql(`mutation($id: ID!) { fulfilDataSubjectRequest(id: $id) { status evidence } }`, { id: req.data!.requestDataSubjectAction.id });
  expect(done.errors).toBeUndefined();
  expect(done.data!.fulfilDataSubjectRequest.status).toBe("FULFILLED");
  return done.data!.fulfilDataSubjectRequest.evidence;
}

/** The customer's outbox events in order, each with the statuses of its deliveries (sorted). */
async function outboxOf(customerId: string): Promise<[string, string[]][]> {
  const rows = rowsOf<{ type: string; statuses: string[] }>(
    await db().execute(sql`select e.type::text as type,
        coalesce((select array_agg(d.status::text order by d.status::text) from webhook_deliveries d where d.event_id = e.id), '{}') as statuses
      from outbox_events e where e.customer_id = ${customerId} order by e.seq`),
  );
  return rows.map((r) => [r.type, r.statuses]);
}

/** Every outbox and delivery row about the customer, as stored (to show another customer's untouched). */
async function rowsAbout(customerId: string) {
  return rowsOf<{ r: string }>(
    await db().execute(sql`select to_jsonb(e)::text as r from outbox_events e where e.customer_id = ${customerId}
      union all select to_jsonb(d)::text from webhook_deliveries d where d.customer_id = ${customerId} order by 1`),
  ).map((row) => row.r);
}

/**
 * Every column of the schema that references a customer: each foreign key to customers(id), and
 * each uuid (or uuid array) column named like `customer` without one, as `table.column`.
 */
async function customerReferences(): Promise<string[]> {
  const rows = rowsOf<{ ref: string }>(
    await db().execute(sql`select cl.relname || '.' || a.attname as ref
        from pg_constraint c
        join pg_class cl on cl.oid = c.conrelid
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
        where c.contype = 'f' and c.confrelid = 'customers'::regclass and cl.relnamespace = current_schema()::regnamespace
      union
      select table_name || '.' || column_name from information_schema.columns
        where table_schema = current_schema() and column_name like '%customer%' and udt_name in ('uuid', '_uuid')
      order by 1`),
  );
  return rows.map((r) => r.ref);
}

describe("erasure covers every reference to a customer", () => {
  it("each foreign key to customers and each customer uuid column is a storage's, handled elsewhere, or kept with a reason", async () => {
    const references = await customerReferences();
    // The walk sees references under other names than customer_id, with or without a foreign key.
    expect(references).toEqual(
      expect.arrayContaining(["care_task_states.customer_id", "outbox_events.customer_id", "customers.merged_into", "duplicate_candidates.customer_b", "key_accounts.group_id", "audit_events.customer_ids"]),
    );
    const covered = new Set(referencesErasureCovers());
    // A new column referencing customers needs its rule in modules/dsr/dsr.catalog.ts: a storage (customerId or alsoBy), ERASED_ELSEWHERE, or REFERENCES_KEPT.
    expect(references.filter((r) => !covered.has(r))).toEqual([]);
    // The lists name only columns the database has, each with its reason, and none is in both.
    const listed = { ...ERASED_ELSEWHERE, ...REFERENCES_KEPT };
    expect(Object.keys(listed).filter((r) => !references.includes(r))).toEqual([]);
    expect(Object.entries(listed).filter(([, reason]) => reason.trim().length < 20)).toEqual([]);
    expect(Object.keys(ERASED_ELSEWHERE).filter((r) => r in REFERENCES_KEPT)).toEqual([]);
  });
});

describe("erasure and the outbound-event log", () => {
  type Status = WebhookDeliveryRow["status"];
  /**
   * A history of events about one customer, each sent to the partner's two webhooks with these
   * outcomes, and what erasure leaves of it: the deliveries still pending of a notice that tells
   * the partner to stop or forget, with their event; nothing else.
   */
  const HISTORY: { type: EventType; data: Record<string, unknown>; outcomes: Status[]; left: Status[] | null }[] = [
    { type: "CUSTOMER_UPDATED", data: { fields: ["name", "phone"], version: 2 }, outcomes: ["DELIVERED", "DEAD"], left: null },
    { type: "CUSTOMER_UPDATED", data: { fields: ["email"], version: 3 }, outcomes: ["PENDING", "PENDING"], left: null },
    { type: "CHURN_RISK_HIGH", data: { churnLevel: "HIGH" }, outcomes: ["PENDING", "DELIVERED"], left: null },
    { type: "CASE_STATUS_CHANGED", data: { caseId: "8a7b5f0e-2f43-4c8e-9d0e-7c1f1f2d3a4b", from: "OPEN", to: "RESOLVED" }, outcomes: ["DEAD", "PENDING"], left: null },
    { type: "AUDIENCE_MEMBER_ADDED", data: { audienceId: "5d1c1b7e-3a5f-4a8e-8f0e-2b9c4d6e7f80", purpose: "MARKETING" }, outcomes: ["PENDING", "PENDING"], left: null },
    { type: "CUSTOMER_RESTRICTED", data: {}, outcomes: ["DELIVERED", "DEAD"], left: null },
    { type: "CUSTOMER_RESTRICTED", data: {}, outcomes: ["DELIVERED", "PENDING"], left: ["PENDING"] },
    { type: "AUDIENCE_MEMBER_REMOVED", data: { audienceId: "5d1c1b7e-3a5f-4a8e-8f0e-2b9c4d6e7f80", purpose: "MARKETING" }, outcomes: ["PENDING", "PENDING"], left: ["PENDING", "PENDING"] },
    // Fanned out to nobody: an event without deliveries.
    { type: "CUSTOMER_MERGED", data: { mergedId: "0c9e4a4e-1b7d-4f3a-9a55-6f1e2d3c4b5a", fields: [] }, outcomes: [], left: null },
  ];

  it("deletes the settled and the superseded pending events and deliveries, keeps the pending stop notices, audits and reports both, and leaves other customers' alone", async () => {
    // Webhooks on the discard port: nothing is sent in this test (no dispatcher runs), statuses are set below.
    const p = await partner("erasure-outbox-rules", ["ANALYTICS"], ["Customer.region"], "http://127.0.0.1:9/hook", 2);
    const [erased, other] = await insertCustomers(db(), 2);
    for (const customerId of [erased!, other!]) {
      for (const e of HISTORY) {
        await db().transaction((tx) => emitEvent(tx, { type: e.type, customerId, data: e.data, to: e.outcomes.length ? [p.id] : [] }));
        const [event] = rowsOf<{ id: string }>(await db().execute(sql`select id from outbox_events where customer_id = ${customerId} order by seq desc limit 1`));
        for (const [k, status] of e.outcomes.entries()) {
          await db().execute(sql`update webhook_deliveries set status = ${status}::webhook_delivery_status, attempts = ${status === "PENDING" ? 0 : 1},
              last_attempt_at = case when ${status} = 'PENDING' then null else now() end, delivered_at = case when ${status} = 'DELIVERED' then now() end
            where event_id = ${event!.id} and webhook_id = ${p.webhookIds[k]}`);
        }
      }
    }
    expect(await outboxOf(erased!)).toEqual(HISTORY.map((e) => [e.type, [...e.outcomes].sort()]));
    const othersBefore = await rowsAbout(other!);

    const evidence = await fulfilRequest(erased!, "ERASURE");

    const kept = HISTORY.filter((e) => e.left);
    const deliveries = HISTORY.reduce((n, e) => n + e.outcomes.length, 0);
    const deliveriesKept = kept.reduce((n, e) => n + e.left!.length, 0);
    // Left: the pending stop notices, then this erasure's own notice (no partner received the customer's data: sent to none).
    expect(await outboxOf(erased!)).toEqual([...kept.map((e) => [e.type, e.left]), ["CUSTOMER_ERASED", []]]);
    expect(evidence.types.WebhookDelivery).toEqual({ rule: "DELETE_ROWS", rowsDeleted: deliveries - deliveriesKept, rowsKept: deliveriesKept });
    expect(evidence.types.OutboxEvent).toEqual({ rule: "DELETE_ROWS", rowsDeleted: HISTORY.length - kept.length, rowsKept: kept.length });
    expect(await rowsAbout(other!)).toEqual(othersBefore);

    // Audited in the ERASE row as the other deleted types are: rows before and after, the record named `Type.*`.
    const [erase] = rowsOf<{ fields: string[]; changes: { field: string; before: unknown; after: unknown }[] }>(
      await db().execute(sql`select fields, changes from audit_events where action = 'ERASE' and customer_ids @> array[${erased}]::uuid[]`),
    );
    expect(erase!.fields).toEqual(expect.arrayContaining(["OutboxEvent.*", "WebhookDelivery.*"]));
    expect(erase!.changes).toEqual(
      expect.arrayContaining([
        { field: "WebhookDelivery", before: { rows: deliveries }, after: { rows: deliveriesKept } },
        { field: "OutboxEvent", before: { rows: HISTORY.length }, after: { rows: kept.length } },
      ]),
    );
  });

  it("a customer's pending restriction and erasure notices reach a real receiver after the erasure; its delivered, dead and superseded pending events are gone and never sent", async () => {
    const receiver = new Receiver();
    await receiver.start();
    receivers.push(receiver);
    const p = await partner("erasure-outbox-marketer", ["MARKETING"], ["Customer.name"], receiver.url);
    const [erased, other] = await insertCustomers(db(), 2);
    await insertGrants(db(), [erased!, other!], "MARKETING");
    const rename = async (customerId: string, name: string) => {
      const [row] = rowsOf<{ version: number }>(await db().execute(sql`select version from customers where id = ${customerId}`));
      const res = await app.gql(`mutation($id: ID!, $v: Int!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, expectedVersion: $v, input: $input) { version } }`, {
        id: customerId,
        v: row!.version,
        input: { name },
      });
      expect(res.errors).toBeUndefined();
    };
    const statusesOf = async (customerId: string, type: EventType) =>
      rowsOf<{ status: string }>(
        await db().execute(sql`select d.status::text as status from webhook_deliveries d join outbox_events e on e.id = d.event_id where e.customer_id = ${customerId} and e.type = ${type}::event_type`),
      ).map((r) => r.status);

    // Delivered: an update of each customer, with the name the partner may read (the audit records the disclosure).
    dispatcher = await startDispatcher(app.database, { url: app.database.url, baseMs: 30, windowMs: 50, pollMs: 25, timeoutMs: 2_000 });
    await rename(erased!, "Erased Soon");
    await rename(other!, "Other Customer");
    const [update] = await until(() => receiver.about(erased!, "CUSTOMER_UPDATED").length && receiver.about(erased!, "CUSTOMER_UPDATED"), "the first update");
    expect(update!.body.customer).toEqual({ id: erased, name: "Erased Soon" });
    await until(() => receiver.about(other!, "CUSTOMER_UPDATED").length, "the other customer's update");
    // Dead: a case opened while the receiver fails (2 failures exhaust this dispatcher's retry window).
    receiver.failures = [500, 500];
    const opened = await app.gql(`mutation($id: ID!) { openCase(input: { customerId: $id, kind: FAULT, category: NETWORK_QUALITY, subject: "No signal" }) { id } }`, { id: erased });
    expect(opened.errors).toBeUndefined();
    await until(async () => (await statusesOf(erased!, "CASE_STATUS_CHANGED")).includes("DEAD"), "the dead case event");
    await until(async () => (await statusesOf(erased!, "CUSTOMER_UPDATED")).includes("DELIVERED") && (await statusesOf(other!, "CUSTOMER_UPDATED")).includes("DELIVERED"), "the updates marked delivered");
    await dispatcher.stop();
    dispatcher = undefined;

    // Pending while nothing is sent: another update and a consent change, then the restriction notice (the partner received data).
    await rename(erased!, "Erased Renamed");
    const consent = await app.gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { customerId: erased, purpose: "MARKETING", channel: "SMS", status: "GRANTED", source: "APP", policyVersion: "2026-03" },
    });
    expect(consent.errors).toBeUndefined();
    await rename(other!, "Other Renamed");
    expect((await fulfilRequest(erased!, "RESTRICTION")).recipients).toEqual({ partnersThatReceivedData: [p.id], notified: [p.id] });
    expect(await outboxOf(erased!)).toEqual([
      ["CUSTOMER_UPDATED", ["DELIVERED"]],
      ["CASE_STATUS_CHANGED", ["DEAD"]],
      ["CUSTOMER_UPDATED", ["PENDING"]],
      ["CONSENT_CHANGED", ["PENDING"]],
      ["CUSTOMER_RESTRICTED", ["PENDING"]],
    ]);
    const othersBefore = await rowsAbout(other!);

    const evidence = await fulfilRequest(erased!, "ERASURE");
    expect(evidence.recipients).toEqual({ partnersThatReceivedData: [p.id], notified: [p.id] });
    expect(evidence.types.OutboxEvent).toEqual({ rule: "DELETE_ROWS", rowsDeleted: 4, rowsKept: 1 });
    expect(evidence.types.WebhookDelivery).toEqual({ rule: "DELETE_ROWS", rowsDeleted: 4, rowsKept: 1 });
    expect(await outboxOf(erased!)).toEqual([
      ["CUSTOMER_RESTRICTED", ["PENDING"]],
      ["CUSTOMER_ERASED", ["PENDING"]],
    ]);
    expect(await rowsAbout(other!)).toEqual(othersBefore);
    // The partner's delivery list no longer shows the settled ones, and they cannot be replayed.
    const listed = await app.gql(`query($p: ID!) { webhookDeliveries(partnerId: $p, first: 50) { edges { node { customerId eventType status } } } }`, { p: p.id }, { as: "ADMIN" });
    const aboutErased = listed.data!.webhookDeliveries.edges.map((e: any) => e.node).filter((n: any) => n.customerId === erased);
    expect(aboutErased.map((n: any) => `${n.eventType} ${n.status}`).sort()).toEqual(["CUSTOMER_ERASED PENDING", "CUSTOMER_RESTRICTED PENDING"]);

    const sentBefore = receiver.about(erased!).length;
    dispatcher = await startDispatcher(app.database, { url: app.database.url, baseMs: 30, windowMs: 50, pollMs: 25, timeoutMs: 2_000 });
    const [notice] = await until(() => receiver.about(erased!, "CUSTOMER_ERASED").length && receiver.about(erased!, "CUSTOMER_ERASED"), "the erasure notice");
    // Events about one customer go out in order: the restriction notice came first, and nothing else was sent after the erasure.
    expect(receiver.about(erased!).slice(sentBefore).map((r) => r.body.type)).toEqual(["CUSTOMER_RESTRICTED", "CUSTOMER_ERASED"]);
    for (const r of receiver.about(erased!).slice(sentBefore)) expect([r.body.customer, r.body.data]).toEqual([null, {}]);
    expect(notice!.body.customerId).toBe(erased);
    // The other customer's update queued before the erasure still goes out, with its data.
    const [otherUpdate] = await until(() => receiver.about(other!, "CUSTOMER_UPDATED").length === 2 && receiver.about(other!, "CUSTOMER_UPDATED").slice(1), "the other customer's pending update");
    expect(otherUpdate!.body.customer).toEqual({ id: other, name: "Other Renamed" });
    await until(async () => (await statusesOf(erased!, "CUSTOMER_ERASED")).includes("DELIVERED"), "the notice marked delivered");
  });
});

describe("erasure and the duplicate queue", () => {
  /** Two records with one national id (a pair the match rules find as they are created), and a third pair of other people. */
  async function pairs(seed: number) {
    const create = async (input: Record<string, unknown>) => {
      const res = await app.gql(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`, { input: { kind: "INDIVIDUAL", ...input } });
      expect(res.errors).toBeUndefined();
      return res.data!.createCustomer.id as string;
    };
    const nationalId = validNationalId(seed);
    const first = await create({ name: "陈静", nationalId, birthDate: "1985-02-03", city: "Ningbo" });
    const second = await create({ name: "陈 静", nationalId, birthDate: "1985-02-03", city: "宁波" });
    const others = [await create({ name: "赵磊", nationalId: validNationalId(seed + 1) }), await create({ name: "赵 磊", nationalId: validNationalId(seed + 1) })];
    // The pair is stored (smaller id, larger id): the erased customer is its second side, which no index leads with.
    const [erased, twin] = first < second ? [second, first] : [first, second];
    return { erased, twin, others };
  }
  const pairsOf = async (ids: string[]) =>
    rowsOf<{ reasons: string[] }>(
      await db().execute(sql`select reasons from duplicate_candidates where customer_a = any(${`{${ids.join(",")}}`}::uuid[]) or customer_b = any(${`{${ids.join(",")}}`}::uuid[])`),
    ).map((r) => r.reasons);

  it("a pair naming the erased customer is deleted (it told which record shares their national id), counted and audited; other pairs stay", async () => {
    const { erased, twin, others } = await pairs(901);
    expect(await pairsOf([erased])).toEqual([expect.arrayContaining(["NATIONAL_ID"])]);
    expect(await pairsOf(others)).toHaveLength(1);
    const evidence = await fulfilRequest(erased, "ERASURE");
    expect(evidence.types.DuplicateCandidate).toEqual({ rule: "DELETE_ROWS", rowsDeleted: 1 });
    expect(await pairsOf([erased, twin])).toEqual([]);
    expect(await pairsOf(others)).toHaveLength(1);
    const [erase] = rowsOf<{ fields: string[]; changes: unknown[] }>(
      await db().execute(sql`select fields, changes from audit_events where action = 'ERASE' and customer_ids @> array[${erased}]::uuid[]`),
    );
    expect(erase!.fields).toContain("DuplicateCandidate.*");
    expect(erase!.changes).toContainEqual({ field: "DuplicateCandidate", before: { rows: 1 }, after: { rows: 0 } });
  });

  it("a steward's \"not a duplicate\" naming the erased customer is deleted (it told the two records looked alike), counted and audited; other decisions stay", async () => {
    const { erased, twin, others } = await pairs(911);
    const dismiss = async (a: string, b: string) => {
      const res = await app.gql(`mutation($a: ID!, $b: ID!) { dismissDuplicate(customerId: $a, otherCustomerId: $b) }`, { a, b });
      expect(res.errors).toBeUndefined();
    };
    await dismiss(erased, twin);
    await dismiss(others[0]!, others[1]!);
    const dismissalsOf = async (ids: string[]) =>
      rowsOf<{ n: number }>(
        await db().execute(sql`select count(*)::int as n from duplicate_dismissals where customer_a = any(${`{${ids.join(",")}}`}::uuid[]) or customer_b = any(${`{${ids.join(",")}}`}::uuid[])`),
      )[0]!.n;
    expect([await dismissalsOf([erased]), await dismissalsOf(others)]).toEqual([1, 1]);
    const evidence = await fulfilRequest(erased, "ERASURE");
    expect(evidence.types.DuplicateDismissal).toEqual({ rule: "DELETE_ROWS", rowsDeleted: 1 });
    expect([await dismissalsOf([erased, twin]), await dismissalsOf(others)]).toEqual([0, 1]);
    const [erase] = rowsOf<{ fields: string[] }>(await db().execute(sql`select fields from audit_events where action = 'ERASE' and customer_ids @> array[${erased}]::uuid[]`));
    expect(erase!.fields).toContain("DuplicateDismissal.*");
  });
});

describe("erasure and merged records", () => {
  it("erasing a customer erases the records merged into it, and those merged into them: each tombstone's profile, data key and partners' notice; the ids still answer mergedInto", async () => {
    const p = await partner("tombstone-reader", ["MARKETING"], ["Customer.name"], "http://127.0.0.1:9/hook");
    const key = (await app.gql(`mutation($id: ID!) { createApiKey(partnerId: $id) { key } }`, { id: p.id }, { as: "ADMIN" })).data!.createApiKey.key as string;
    const nationalId = validNationalId(921);
    const create = async (name: string, email: string) => {
      const res = await app.gql(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }`, { input: { kind: "INDIVIDUAL", name, nationalId, email } });
      expect(res.errors).toBeUndefined();
      return res.data!.createCustomer as { id: string; version: number };
    };
    const [oldest, middle, survivor] = [await create("Li Na", "lina@example.com"), await create("Li  Na", "li.na@example.com"), await create("LI Na", "na.li@example.com")];
    // The partner read the oldest record before any merge: the audit shows it received that id's data.
    await insertGrants(db(), [oldest.id], "MARKETING");
    const read = await app.gql(`query($id: ID!) { customer(id: $id) { id name } }`, { id: oldest.id }, { as: { apiKey: key }, purpose: "MARKETING" });
    expect(read.data!.customer.name).toBe("Li Na");
    const merge = async (s: string, m: string) => {
      const versions = rowsOf<{ id: string; version: number }>(await db().execute(sql`select id, version from customers where id in (${s}, ${m})`));
      const v = Object.fromEntries(versions.map((r) => [r.id, r.version]));
      const res = await app.gql(`mutation($s: ID!, $m: ID!, $v: ExpectedVersions!) { mergeCustomers(survivorId: $s, mergedId: $m, expectedVersions: $v) { id } }`, {
        s,
        m,
        v: { survivor: v[s], merged: v[m] },
      });
      expect(res.errors).toBeUndefined();
    };
    await merge(middle.id, oldest.id);
    await merge(survivor.id, middle.id);

    const evidence = await fulfilRequest(survivor.id, "ERASURE");
    expect(Object.keys(evidence.mergedRecords)).toEqual([middle.id]);
    expect(Object.keys(evidence.mergedRecords[middle.id].mergedRecords)).toEqual([oldest.id]);
    const oldestEvidence = evidence.mergedRecords[middle.id].mergedRecords[oldest.id];
    expect(oldestEvidence.types.Customer).toMatchObject({ rule: "CLEAR_ALL_PERSONAL", rows: 1 });
    expect(oldestEvidence.recipients).toEqual({ partnersThatReceivedData: [p.id], notified: [p.id] });

    const rows = rowsOf<{ id: string; name: string; email: string | null; national_id: string | null; merged_into: string | null; erased: boolean; keyed: boolean }>(
      await db().execute(sql`select id, name, email, national_id, merged_into, erased_at is not null as erased,
          exists (select 1 from customer_keys k where k.customer_id = customers.id) as keyed
        from customers where id in (${oldest.id}, ${middle.id}, ${survivor.id})`),
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    for (const [id, into] of [[oldest.id, middle.id], [middle.id, survivor.id], [survivor.id, null]] as const) {
      expect(byId[id], id).toMatchObject({ email: null, national_id: null, merged_into: into, erased: true, keyed: false });
      expect(byId[id]!.name, id).not.toMatch(/Li/i);
      const erase = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from audit_events where action = 'ERASE' and customer_ids = array[${id}]::uuid[]`));
      expect(erase[0]!.n, id).toBe(1);
    }
    const tombstone = await app.gql(`query($id: ID!) { customer(id: $id) { id name nationalId mergedInto } }`, { id: oldest.id }, { as: "STEWARD" });
    expect(tombstone.data!.customer).toEqual({ id: oldest.id, name: null, nationalId: null, mergedInto: middle.id });
    // Its notice, addressed to the partner (an earlier test's dispatcher may be trying to send it by now).
    const notices = rowsOf<{ type: string; recipients: string[] }>(await db().execute(sql`select type::text as type, recipients from outbox_events where customer_id = ${oldest.id}`));
    expect(notices).toEqual([{ type: "CUSTOMER_ERASED", recipients: [p.id] }]);
  });
});
