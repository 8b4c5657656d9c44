import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, insertInteractionsFor, validNationalId } from "../../test/builders.js";
import { createPartner, issueKey } from "../partner/partner.service.js";
import { refreshDuplicates } from "./duplicates.service.js";
import { MERGE_TABLE_RULES } from "./identity.rules.js";
import { selectCustomerOwnedTables } from "./merge.queries.js";

let app: TestApp;
let partnerKey: string;
beforeAll(async () => {
  app = await startTestApp();
  const partner = await createPartner(app.database.db, { name: "merge-marketing", purposes: ["MARKETING"], fields: ["Customer.name"] });
  partnerKey = (await issueKey(app.database.db, partner.id)).key;
});
afterAll(() => app.close());

const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }`;
const CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const LOG = `mutation($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`;
const CANDIDATES = `{ duplicateCandidates(first: 50) { totalCount edges { node { score reasons customerA { id } customerB { id } } } } }`;
const PREVIEW = `query($s: ID!, $m: ID!) { mergePreview(survivorId: $s, mergedId: $m) {
  conflicts { field survivorValue mergedValue defaultChoice } filled moves { table rows action }
  consentConflicts { purpose channel survivorStatus mergedStatus resultStatus } warnings } }`;
const MERGE = `mutation($s: ID!, $m: ID!, $v: ExpectedVersions!, $r: MergeResolutions) {
  mergeCustomers(survivorId: $s, mergedId: $m, expectedVersions: $v, resolutions: $r) { id status survivorId mergedId moves { table rows action } } }`;
const UNMERGE = `mutation($id: ID!) { unmergeCustomers(mergeId: $id) { id status } }`;
const RECORD = `query($id: ID!) { customer(id: $id) { id version name phone email nationalId birthDate city specialCare securityLevel mergedInto } }`;

const OWNED = ["identifiers", "subscriptions", "usage_months", "usage_charges", "consent_events", "interactions", "cases", "feedback"];

/** Everything held about a customer: its profile and, per table, a fingerprint of its rows. */
async function snapshot(id: string) {
  const profile = (await app.gql(RECORD, { id })).data!.customer;
  const tables: Record<string, string[]> = {};
  for (const table of OWNED) {
    const rows = rowsOf<{ r: string }>(
      await app.database.db.execute(sql`select to_jsonb(t)::text as r from ${sql.identifier(table)} t where customer_id = ${id} order by 1`),
    );
    tables[table] = rows.map((x) => x.r);
  }
  const { version: _version, ...fields } = profile;
  return { fields, tables };
}

async function twoRecordsOfOnePerson(suffix: number) {
  const nationalId = validNationalId(500 + suffix);
  const hall = await app.gql(CREATE, {
    input: { kind: "INDIVIDUAL", name: "王小明", phone: `+861391234${String(suffix).padStart(4, "0")}`, nationalId, birthDate: "1980-05-01", city: "Hangzhou", specialCare: ["ELDERLY"] },
  });
  const appRecord = await app.gql(CREATE, {
    input: { kind: "INDIVIDUAL", name: "王 小明", email: `wxm${suffix}@example.com`, nationalId, birthDate: "1980-05-01", city: "杭州", securityLevel: 3, specialCare: ["LIVES_ALONE"] },
  });
  expect(hall.errors ?? appRecord.errors).toBeUndefined();
  return { survivor: hall.data!.createCustomer.id as string, merged: appRecord.data!.createCustomer.id as string };
}

async function addHistory(id: string, tag: string, status: "GRANTED" | "WITHDRAWN") {
  await insertInteractionsFor(app.database.db, [id], 3);
  await app.gql(`mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`, { input: { customerId: id, kind: "COMPLAINT", category: "BILLING", subject: `bill ${tag}` } });
  await app.gql(`mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id } }`, { input: { customerId: id, kind: "NPS", score: 8, channel: "SMS" } });
  await app.gql(CONSENT, { input: { customerId: id, purpose: "MARKETING", status, source: "APP", policyVersion: "2026-01", capturedAt: status === "GRANTED" ? "2026-06-01T00:00:00Z" : "2026-03-01T00:00:00Z" } });
  await app.database.db.execute(sql`insert into usage_months (customer_id, month, voice_minutes, sms_count, data_mb, bill_amount, paid, arrears)
    values (${id}, '2026-09-01', 100, 10, 1000, 50, true, 0), (${id}, ${tag === "s" ? "2026-08-01" : "2026-07-01"}, 200, 20, 2000, 80, ${tag === "s"}, ${tag === "s" ? 0 : 80})`);
  // Per-service charges hang off the months (a foreign key on customer_id, month).
  await app.database.db.execute(sql`insert into usage_charges (customer_id, month, service, amount)
    values (${id}, '2026-09-01', 'DATA', ${tag === "s" ? 20 : 25}), (${id}, '2026-09-01', ${tag === "s" ? "VOICE" : "ROAMING"}, 30),
      (${id}, ${tag === "s" ? "2026-08-01" : "2026-07-01"}, 'DATA', 40)`);
}

describe("duplicate detection", () => {
  it("two records from the hall and the app with the same national id are a candidate pair, with the reason", async () => {
    const { survivor, merged } = await twoRecordsOfOnePerson(1);
    await refreshDuplicates(app.database);
    const pairs = (await app.gql(CANDIDATES)).data!.duplicateCandidates.edges.map((e: any) => e.node);
    const pair = pairs.find((p: any) => [p.customerA.id, p.customerB.id].sort().join() === [survivor, merged].sort().join());
    // 王小明 / 王 小明 normalise to one name, but the cities differ (Hangzhou, 杭州): the fuzzy rule with the same birth date and family name applies.
    expect(pair).toMatchObject({ score: 100 });
    expect(pair.reasons).toContain("NATIONAL_ID");
  });

  it("a customer write refreshes the candidates of the records it touched, as the full pass would score them", async () => {
    const { survivor, merged } = await twoRecordsOfOnePerson(7);
    const key = [survivor, merged].sort().join();
    const find = async () =>
      rowsOf<{ a: string; b: string; score: number; reasons: string[] }>(
        await app.database.db.execute(sql`select customer_a as a, customer_b as b, score, reasons from duplicate_candidates`),
      ).find((p) => [p.a, p.b].sort().join() === key);
    // No `tessera duplicates refresh`: the createCustomer of the second record found the pair.
    const afterWrite = await find();
    expect(afterWrite?.reasons).toContain("NATIONAL_ID");
    await refreshDuplicates(app.database);
    expect(await find()).toEqual(afterWrite);
    // An update that removes the match removes the pair.
    const { version } = (await app.gql(RECORD, { id: merged })).data!.customer;
    const update = await app.gql(`mutation($id: ID!, $v: Int!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, expectedVersion: $v, input: $input) { id } }`, {
      id: merged,
      v: version,
      input: { nationalId: validNationalId(900), name: "Someone Else", birthDate: "1999-01-01" },
    });
    expect(update.errors).toBeUndefined();
    expect(await find()).toBeUndefined();
  });

  it("a caller that may not read national ids or names does not learn that two records share them", async () => {
    await twoRecordsOfOnePerson(2);
    await refreshDuplicates(app.database);
    const asSteward = await app.gql(CANDIDATES);
    expect(asSteward.data!.duplicateCandidates.totalCount).toBeGreaterThan(0);
    // Under ANALYTICS the catalog withholds nationalId and name: no reason is left to show.
    const analytics = await app.gql(CANDIDATES, {}, { purpose: "ANALYTICS" });
    expect(analytics.data!.duplicateCandidates).toEqual({ totalCount: 0, edges: [] });
    for (const role of ["AGENT", "ANALYST", "ADMIN"] as const) expect((await app.gql(CANDIDATES, {}, { as: role })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("Latin names match in any word order and case; Chinese names differing in one given-name character are similar", async () => {
    const [a, b, c, d] = await insertCustomers(app.database.db, 4, { birthDate: "1975-01-02", city: "Xiamen", phone: null });
    await app.database.db.execute(sql`update customers set name = case id when ${a} then 'John Smith' when ${b} then 'smith, JOHN' when ${c} then '李晓华' else '李小华' end where id in (${a}, ${b}, ${c}, ${d})`);
    await refreshDuplicates(app.database);
    const pairs = rowsOf<{ a: string; b: string; reasons: string[] }>(
      await app.database.db.execute(sql`select customer_a as a, customer_b as b, reasons from duplicate_candidates where customer_a in (${a}, ${b}, ${c}, ${d})`),
    );
    const reasonsOf = (x: string, y: string) => pairs.find((p) => [p.a, p.b].sort().join() === [x, y].sort().join())?.reasons;
    expect(reasonsOf(a!, b!)).toEqual(["NAME_BIRTH_CITY"]);
    expect(reasonsOf(c!, d!)).toEqual(["SIMILAR_NAME_BIRTH"]);
    expect(reasonsOf(a!, c!)).toBeUndefined();
  });
});

describe("not a duplicate, and imports", () => {
  const DISMISS = `mutation($a: ID!, $b: ID!) { dismissDuplicate(customerId: $a, otherCustomerId: $b) }`;
  const pairOf = async (a: string, b: string) =>
    ((await app.gql(CANDIDATES)).data!.duplicateCandidates.edges as { node: { customerA: { id: string }; customerB: { id: string } } }[]).filter(
      (e) => [e.node.customerA.id, e.node.customerB.id].sort().join() === [a, b].sort().join(),
    );

  it("a dismissed pair leaves the queue and neither a full refresh nor a later write brings it back; the decision is audited", async () => {
    const { survivor, merged } = await twoRecordsOfOnePerson(41);
    expect(await pairOf(survivor, merged)).toHaveLength(1);
    const res = await app.gql(DISMISS, { a: merged, b: survivor });
    expect(res.errors).toBeUndefined();
    expect(await pairOf(survivor, merged)).toEqual([]);
    await refreshDuplicates(app.database);
    await app.gql(`mutation($id: ID!) { updateCustomer(id: $id, input: { city: "Hangzhou" }, expectedVersion: 1) { id } }`, { id: merged });
    expect(await pairOf(survivor, merged)).toEqual([]);
    const audit = rowsOf<{ n: number }>(
      await app.database.db.execute(sql`select count(*)::int as n from audit_events where operation = 'dismissDuplicate' and customer_ids @> array[${survivor}::uuid, ${merged}::uuid]`),
    );
    expect(audit[0]!.n).toBe(1);
    expect((await app.gql(DISMISS, { a: survivor, b: survivor })).errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect((await app.gql(DISMISS, { a: survivor, b: merged }, { as: "AGENT" })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("customers arriving through the upsertCustomers feed (and so tessera import) are matched as they arrive", async () => {
    const nationalId = validNationalId(777);
    const FEED = `mutation($c: [CustomerFeedInput!]!) { upsertCustomers(customers: $c) { inserted errors { field message } } }`;
    const res = await app.gql(FEED, {
      c: [
        { externalId: "billing-77", kind: "INDIVIDUAL", name: "赵敏", nationalId, birthDate: "1985-03-02", city: "Ningbo" },
        { externalId: "crm-77", kind: "INDIVIDUAL", name: "赵 敏", nationalId, birthDate: "1985-03-02", city: "宁波" },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.upsertCustomers.inserted).toBe(2);
    const ids = rowsOf<{ id: string }>(await app.database.db.execute(sql`select id from customers where external_id in ('billing-77', 'crm-77')`)).map((r) => r.id);
    const pairs = await pairOf(ids[0]!, ids[1]!);
    expect(pairs).toHaveLength(1);
    expect((pairs[0] as unknown as { node: { reasons: string[] } }).node.reasons).toContain("NATIONAL_ID");
  });
});

describe("merging and unmerging", () => {
  it("every table with a customer_id has a merge rule (a new table cannot be forgotten by merges)", async () => {
    const tables = await selectCustomerOwnedTables(app.database.db);
    expect(tables.length).toBeGreaterThanOrEqual(OWNED.length);
    for (const table of tables) expect(MERGE_TABLE_RULES[table], table).toBeDefined();
  });

  it("the preview lists conflicting fields, what moves and the consent conflict; merge moves everything; unmerge restores both exactly", async () => {
    const { survivor, merged } = await twoRecordsOfOnePerson(3);
    await addHistory(survivor, "s", "WITHDRAWN");
    await addHistory(merged, "m", "GRANTED");
    const before = { survivor: await snapshot(survivor), merged: await snapshot(merged) };

    const preview = (await app.gql(PREVIEW, { s: survivor, m: merged })).data!.mergePreview;
    expect(preview.conflicts.map((c: any) => c.field).sort()).toEqual(["city", "name", "securityLevel", "specialCare"]);
    expect(preview.conflicts.find((c: any) => c.field === "city")).toMatchObject({ survivorValue: "Hangzhou", mergedValue: "杭州", defaultChoice: "SURVIVOR" });
    expect(preview.filled).toEqual(["email"]);
    const moves = Object.fromEntries(preview.moves.map((m: any) => [m.table, m.rows]));
    expect(moves).toMatchObject({ interactions: 4, cases: 1, feedback: 1, consent_events: 1, usage_months: 2, usage_charges: 3 });
    // The merged record's grant (June) is later than the survivor's withdrawal (March): the stricter state still wins.
    expect(preview.consentConflicts).toEqual([{ purpose: "MARKETING", channel: null, survivorStatus: "WITHDRAWN", mergedStatus: "GRANTED", resultStatus: "WITHDRAWN" }]);

    const versions = { survivor: (await app.gql(RECORD, { id: survivor })).data!.customer.version, merged: (await app.gql(RECORD, { id: merged })).data!.customer.version };
    const stale = await app.gql(MERGE, { s: survivor, m: merged, v: { ...versions, merged: versions.merged - 1 } });
    expect(stale.errors![0]!.extensions!.code).toBe("CONFLICT");

    const merge = await app.gql(MERGE, { s: survivor, m: merged, v: versions, r: { fields: [{ field: "city", choose: "MERGED" }] } });
    expect(merge.errors).toBeUndefined();
    const mergeId = merge.data!.mergeCustomers.id;

    const tombstone = (await app.gql(RECORD, { id: merged })).data!.customer;
    expect(tombstone.mergedInto).toBe(survivor);
    const after = await snapshot(survivor);
    expect(after.fields).toMatchObject({ city: "杭州", email: "wxm3@example.com", specialCare: ["ELDERLY", "LIVES_ALONE"], securityLevel: 3, name: "王小明" });
    for (const table of ["interactions", "cases", "feedback"]) expect(after.tables[table], table).toHaveLength(before.survivor.tables[table]!.length + before.merged.tables[table]!.length);
    // Usage: September was billed on both records and is added together; July and August move.
    const usage = after.tables.usage_months!.map((r) => JSON.parse(r));
    expect(usage.find((u: any) => u.month === "2026-09-01")).toMatchObject({ voice_minutes: 200, bill_amount: 100 });
    expect(usage).toHaveLength(3);
    const charges = after.tables.usage_charges!.map((r) => JSON.parse(r)).map((c: any) => `${c.month} ${c.service} ${c.amount}`).sort();
    expect(charges).toEqual(["2026-07-01 DATA 40", "2026-08-01 DATA 40", "2026-09-01 DATA 45", "2026-09-01 ROAMING 30", "2026-09-01 VOICE 30"]);
    // The merged ledger moved with its receipts, and the stricter state was carried over by a new event that cites the original.
    const consents = after.tables.consent_events!.map((r) => JSON.parse(r));
    expect(consents).toHaveLength(3);
    const carried = consents.find((c: any) => c.evidence?.carriedOverByMerge);
    expect(carried).toMatchObject({ status: "WITHDRAWN" });
    const listed = await app.gql(`{ customers(first: 100) { edges { node { id } } } }`);
    expect(listed.data!.customers.edges.map((e: any) => e.node.id)).not.toContain(merged);
    // A tombstone takes no writes.
    expect((await app.gql(LOG, { input: { customerId: merged, channel: "HALL", type: "CONSULTATION" } })).errors![0]!.extensions!.code).toBe("CONFLICT");

    // A write to the survivor after the merge stays with the survivor after the undo.
    const later = await app.gql(LOG, { input: { customerId: survivor, channel: "APP", type: "CONSULTATION", summary: "after the merge" } });
    expect(later.errors).toBeUndefined();

    const undo = await app.gql(UNMERGE, { id: mergeId });
    expect(undo.data!.unmergeCustomers.status).toBe("UNDONE");
    const restored = { survivor: await snapshot(survivor), merged: await snapshot(merged) };
    expect(restored.merged).toEqual(before.merged);
    expect(restored.survivor.fields).toEqual(before.survivor.fields);
    for (const table of OWNED) {
      const extra = table === "interactions" ? 1 : 0;
      expect(restored.survivor.tables[table]!.length, table).toBe(before.survivor.tables[table]!.length + extra);
      if (!extra) expect(restored.survivor.tables[table], table).toEqual(before.survivor.tables[table]);
    }
    expect((await app.gql(UNMERGE, { id: mergeId })).errors![0]!.extensions!.code).toBe("CONFLICT");
  });

  it("a later change to a field the merge set survives the undo", async () => {
    const { survivor, merged } = await twoRecordsOfOnePerson(4);
    const v = async (id: string) => (await app.gql(RECORD, { id })).data!.customer.version;
    const merge = await app.gql(MERGE, { s: survivor, m: merged, v: { survivor: await v(survivor), merged: await v(merged) } });
    const update = await app.gql(`mutation($id: ID!, $v: Int!) { updateCustomer(id: $id, input: { email: "new@example.com" }, expectedVersion: $v) { id } }`, { id: survivor, v: await v(survivor) });
    expect(update.errors).toBeUndefined();
    await app.gql(UNMERGE, { id: merge.data!.mergeCustomers.id });
    const record = (await app.gql(RECORD, { id: survivor })).data!.customer;
    expect(record).toMatchObject({ email: "new@example.com", specialCare: ["ELDERLY"], securityLevel: 1 });
  });

  it("an erased record is never merged and a restricted one only when acknowledged", async () => {
    const [a, b, c] = await insertCustomers(app.database.db, 3, { phone: null });
    await app.database.db.execute(sql`update customers set erased_at = now() where id = ${b}`);
    await app.database.db.execute(sql`update customers set processing_restricted = true where id = ${c}`);
    const erased = await app.gql(MERGE, { s: a, m: b, v: { survivor: 1, merged: 1 } });
    expect(erased.errors![0]).toMatchObject({ extensions: { code: "CONFLICT" } });
    expect(erased.errors![0]!.message).toContain("erased");
    const restricted = await app.gql(MERGE, { s: a, m: c, v: { survivor: 1, merged: 1 } });
    expect(restricted.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", field: "resolutions.acknowledgeRestriction" });
    const acknowledged = await app.gql(MERGE, { s: a, m: c, v: { survivor: 1, merged: 1 }, r: { acknowledgeRestriction: true } });
    expect(acknowledged.errors).toBeUndefined();
    expect((await app.gql(RECORD, { id: a })).data!.customer).toBeTruthy();
    const restrictedNow = rowsOf<{ r: boolean }>(await app.database.db.execute(sql`select processing_restricted as r from customers where id = ${a}`));
    expect(restrictedNow[0]!.r).toBe(true);
  });

  it("a partner that saw the merged record sees the survivor only if it may see the survivor", async () => {
    const { survivor, merged } = await twoRecordsOfOnePerson(5);
    // Partner apps see security level 1 only (privacy/scope.ts PARTNER_CLEARANCE); this test is about consent.
    await app.database.db.execute(sql`update customers set security_level = 1 where id = ${merged}`);
    await app.gql(CONSENT, { input: { customerId: merged, purpose: "MARKETING", status: "GRANTED", source: "APP", policyVersion: "2026-01", capturedAt: "2026-06-01T00:00:00Z" } });
    await app.gql(CONSENT, { input: { customerId: survivor, purpose: "MARKETING", status: "DENIED", source: "HALL", policyVersion: "2026-01", capturedAt: "2026-01-01T00:00:00Z" } });
    const asPartner = (id: string) => app.gql(`query($id: ID!) { customer(id: $id) { id mergedInto } }`, { id }, { as: { apiKey: partnerKey }, purpose: "MARKETING" });
    expect((await asPartner(merged)).data!.customer).toEqual({ id: merged, mergedInto: null });
    expect((await asPartner(survivor)).data!.customer).toBeNull();
    const v = async (id: string) => (await app.gql(RECORD, { id })).data!.customer.version;
    await app.gql(MERGE, { s: survivor, m: merged, v: { survivor: await v(survivor), merged: await v(merged) } });
    // The survivor's denial is the stricter state: the partner now sees neither record.
    expect((await asPartner(merged)).data!.customer).toBeNull();
    expect((await asPartner(survivor)).data!.customer).toBeNull();
  });
});
