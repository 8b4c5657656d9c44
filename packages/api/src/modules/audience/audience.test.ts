import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { approveAsSecondAdmin } from "../../test/four-eyes.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, insertGrants } from "../../test/builders.js";

let app: TestApp;

interface Partner {
  id: string;
  key: string;
  webhookId: string;
}

/** An approved partner app with a key and a webhook for the audience events (loopback; deliveries are read from the outbox, not sent). */
async function partner(name: string, purposes: string[], fields: string[]): Promise<Partner> {
  const created = await app.gql(`mutation($n: String!, $p: [Purpose!]!, $f: [String!]!) { createPartnerApp(name: $n, purposes: $p, fields: $f) { id } }`, { n: name, p: purposes, f: fields }, { as: "ADMIN" });
  const id = created.data!.createPartnerApp.id as string;
  await approveAsSecondAdmin(app, id);
  const key = (await app.gql(`mutation($id: ID!) { createApiKey(partnerId: $id) { key } }`, { id }, { as: "ADMIN" })).data!.createApiKey.key as string;
  const hook = await app.gql(
    `mutation($p: ID!) { createWebhook(partnerId: $p, url: "http://127.0.0.1:9/hook", events: [AUDIENCE_MEMBER_ADDED, AUDIENCE_MEMBER_REMOVED]) { webhook { id } } }`,
    { p: id },
    { as: "ADMIN" },
  );
  expect(hook.errors).toBeUndefined();
  return { id, key, webhookId: hook.data!.createWebhook.webhook.id };
}

const AUDIENCE = `query($id: ID!) { audience(id: $id) { id name purpose status memberCount members(first: 50) { totalCount edges { node { id name phone } } } } }`;
const readAs = (p: Partner, id: string, purpose = "MARKETING") => app.gql(AUDIENCE, { id }, { as: { apiKey: p.key }, purpose });

/** The audience events about `customerId` (or all of the audience), with the partners they were fanned out to and delivered to. */
async function eventsOf(audienceId: string, customerId?: string) {
  return rowsOf<{ type: string; customer_id: string; recipients: string[]; deliveries: string[] }>(
    await app.database.db.execute(sql`select e.type::text as type, e.customer_id::text as customer_id, e.recipients::text[] as recipients,
        coalesce((select array_agg(d.partner_id::text) from webhook_deliveries d where d.event_id = e.id), '{}') as deliveries
      from outbox_events e where e.data->>'audienceId' = ${audienceId} ${customerId ? sql`and e.customer_id = ${customerId}::uuid` : sql``} order by e.seq`),
  );
}

const consent = (customerId: string, status: string) =>
  app.gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, { input: { customerId, purpose: "MARKETING", status, source: "APP", policyVersion: "2026-03" } });

let marketer: Partner;
let other: Partner;
let inRegion: string[];
let consented: string[];
let audienceId: string;
let segmentId: string;

beforeAll(async () => {
  app = await startTestApp();
  marketer = await partner("audience-marketer", ["MARKETING", "ANALYTICS"], ["Customer.name"]);
  other = await partner("audience-other", ["MARKETING"], ["Customer.name"]);
  // Five customers in the segment, three of them consenting to MARKETING; two outside it, consenting.
  inRegion = await insertCustomers(app.database.db, 5, { region: "Audienceland" });
  consented = inRegion.slice(0, 3);
  await insertGrants(app.database.db, consented, "MARKETING");
  await insertGrants(app.database.db, await insertCustomers(app.database.db, 2, { region: "Elsewhere" }), "MARKETING");
  const seg = await app.gql(`mutation { createSegment(name: "Audienceland", definition: { field: REGION, op: EQ, value: "Audienceland" }) { id memberCount } }`, {}, { as: "STEWARD" });
  segmentId = seg.data!.createSegment.id;
  expect(seg.data!.createSegment.memberCount).toBe(5);
}, 60_000);
afterAll(() => app?.close());

describe("audiences for partners", () => {
  it("publishing waits for a second admin; a purpose the partner does not hold is refused", async () => {
    const wrong = await app.gql(`mutation($s: ID!, $p: ID!) { publishAudience(segmentId: $s, partnerId: $p, purpose: PERSONALIZATION) { id } }`, { s: segmentId, p: marketer.id }, { as: "STEWARD" });
    expect(wrong.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const res = await app.gql(`mutation($s: ID!, $p: ID!) { publishAudience(segmentId: $s, partnerId: $p, purpose: MARKETING) { id status name } }`, { s: segmentId, p: marketer.id }, { as: "STEWARD" });
    expect(res.errors).toBeUndefined();
    expect(res.data!.publishAudience).toMatchObject({ status: "PENDING", name: "Audienceland" });
    audienceId = res.data!.publishAudience.id;
    // Not yet live: the partner gets the answer it gets for a missing audience.
    expect((await readAs(marketer, audienceId)).data!.audience).toBeNull();
    await approveAsSecondAdmin(app, audienceId);
    const list = await app.gql(`{ audiences { id status } }`, {}, { as: { apiKey: marketer.key }, purpose: "MARKETING" });
    expect(list.data!.audiences).toEqual([{ id: audienceId, status: "PUBLISHED" }]);
  }, 60_000);

  it("the partner reads exactly the consented members, with its allowlisted fields only, and counts only those", async () => {
    const res = await readAs(marketer, audienceId);
    expect(res.errors).toBeUndefined();
    const a = res.data!.audience;
    const ids = a.members.edges.map((e: any) => e.node.id);
    expect(new Set(ids)).toEqual(new Set(consented));
    expect(ids).toHaveLength(consented.length);
    expect(a.memberCount).toBe(3);
    expect(a.members.totalCount).toBe(3);
    // Customer.name is allowlisted, the phone is not.
    for (const e of a.members.edges) expect(e.node).toMatchObject({ name: expect.stringMatching(/^Customer/), phone: null });
    // The segment has five members: the audience's count does not reveal the other two.
    const staff = await app.gql(`query($id: ID!) { segment(id: $id) { members(first: 50) { totalCount } } }`, { id: segmentId }, { as: "STEWARD" });
    expect(staff.data!.segment.members.totalCount).toBe(5);
  });

  it("another partner, or the partner under another purpose, gets the answer of a missing audience", async () => {
    const missing = await readAs(other, randomUUID());
    const foreign = await readAs(other, audienceId);
    expect(foreign).toEqual(missing);
    expect(foreign.data!.audience).toBeNull();
    // Its members are those consenting to MARKETING: under ANALYTICS the partner does not get it.
    expect(await readAs(marketer, audienceId, "ANALYTICS")).toEqual(missing);
    expect((await app.gql(`{ audiences { id } }`, {}, { as: { apiKey: other.key }, purpose: "MARKETING" })).data!.audiences).toEqual([]);
  });

  it("a withdrawal removes the member at once and emits AUDIENCE_MEMBER_REMOVED to the audience's partner only; a grant adds it back", async () => {
    const leaving = consented[0]!;
    expect((await consent(leaving, "WITHDRAWN")).errors).toBeUndefined();
    const after = (await readAs(marketer, audienceId)).data!.audience;
    expect(after.members.edges.map((e: any) => e.node.id).sort()).toEqual(consented.slice(1).sort());
    expect(after.memberCount).toBe(2);
    expect(await eventsOf(audienceId, leaving)).toEqual([{ type: "AUDIENCE_MEMBER_REMOVED", customer_id: leaving, recipients: [marketer.id], deliveries: [marketer.id] }]);
    expect((await consent(leaving, "GRANTED")).errors).toBeUndefined();
    expect((await eventsOf(audienceId, leaving)).map((e) => e.type)).toEqual(["AUDIENCE_MEMBER_REMOVED", "AUDIENCE_MEMBER_ADDED"]);
    expect((await readAs(marketer, audienceId)).data!.audience.memberCount).toBe(3);
    // A consent change of a customer outside the segment announces nothing.
    const [outside] = await insertCustomers(app.database.db, 1, { region: "Elsewhere" });
    await consent(outside!, "GRANTED");
    expect(await eventsOf(audienceId, outside)).toEqual([]);
  });

  it("a segment refresh announces who entered; unpublishing hides the audience and tells the partner every member left", async () => {
    const entering = inRegion[3]!;
    await insertGrants(app.database.db, [entering], "MARKETING"); // written directly: no event yet
    expect(await eventsOf(audienceId, entering)).toEqual([]);
    expect((await app.gql(`mutation($id: ID!) { refreshSegment(id: $id) { memberCount } }`, { id: segmentId }, { as: "STEWARD" })).errors).toBeUndefined();
    expect((await eventsOf(audienceId, entering)).map((e) => e.type)).toEqual(["AUDIENCE_MEMBER_ADDED"]);
    const before = (await eventsOf(audienceId)).length;
    expect((await app.gql(`mutation($id: ID!) { unpublishAudience(id: $id) }`, { id: audienceId }, { as: "STEWARD" })).data!.unpublishAudience).toBe(true);
    expect((await readAs(marketer, audienceId)).data!.audience).toBeNull();
    const removed = (await eventsOf(audienceId)).slice(before);
    expect(removed.map((e) => e.type)).toEqual(Array(4).fill("AUDIENCE_MEMBER_REMOVED"));
    expect(new Set(removed.map((e) => e.customer_id))).toEqual(new Set([...consented, entering]));
  });

  it("erasing a member takes it out of the audience and the partner is still told: the exit notice survives the erasure of the outbound-event log", async () => {
    const published = await app.gql(`mutation($s: ID!, $p: ID!) { publishAudience(segmentId: $s, partnerId: $p, purpose: MARKETING) { id } }`, { s: segmentId, p: marketer.id }, { as: "STEWARD" });
    const again = published.data!.publishAudience.id as string;
    await approveAsSecondAdmin(app, again);
    const [member, leaver] = consented.slice(1);
    // The leaver withdrew just before its erasure: the partner has not been sent that exit yet (no dispatcher runs here).
    expect((await consent(leaver!, "WITHDRAWN")).errors).toBeUndefined();
    expect(await eventsOf(again, leaver)).toEqual([{ type: "AUDIENCE_MEMBER_REMOVED", customer_id: leaver, recipients: [marketer.id], deliveries: [marketer.id] }]);
    const erase = async (customerId: string) => {
      const req = await app.gql(`mutation($c: ID!) { requestDataSubjectAction(customerId: $c, type: ERASURE, jurisdiction: GDPR) { id } }`, { c: customerId });
      const done = await app.gql(`mutation($id: ID!) { fulfilDataSubjectRequest(id: $id) { status } }`, { id: req.data!.requestDataSubjectAction.id });
      expect(done.data?.fulfilDataSubjectRequest.status).toBe("FULFILLED");
    };
    await erase(member!);
    await erase(leaver!);
    // The erased member's exit is announced by the erasure; the leaver's pending exit stays, and no second one is made.
    for (const id of [member!, leaver!]) expect(await eventsOf(again, id), id).toEqual([{ type: "AUDIENCE_MEMBER_REMOVED", customer_id: id, recipients: [marketer.id], deliveries: [marketer.id] }]);
    const stored = rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from audience_members where customer_id in (${member}, ${leaver})`));
    expect(stored[0]!.n).toBe(0);
    // Left: the first consenting member and the one who entered on the refresh.
    expect((await readAs(marketer, again)).data!.audience.memberCount).toBe(2);
  });
});
