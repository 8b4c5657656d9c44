/**
 * The raw-SQL lower bound: hand-written prepared statements through postgres.js behind a bare
 * node:http handler, answering the same JSON (`{ "data": … }`) as the GraphQL API for the
 * benchmark's operations. Deliberately without what the API adds: no authentication, no
 * privacy policy (masking, visibility), no read audit, no GraphQL parsing or validation, no
 * query-cost limit. The distance to it is what those layers and the stack cost.
 */
import { STOP_NOTICES } from "../modules/webhook/webhook.rules.js";
import { EXACT_COUNT_UP_TO } from "../modules/customer/customer.count.js";
import type { CursorCodec } from "../graphql/cursor.js";
import { createServer, type Server } from "node:http";
import postgres from "postgres";
import { JsonText, ONE_STATEMENT_ROUTES } from "./raw-one.js";

export type RawSql = postgres.Sql;

/** A postgres.js client for the baseline, counting the statements it sends. */
export function openRawSql(url: string, maxConnections: number, onStatement: (sql: string) => void): RawSql {
  return postgres(url, { max: maxConnections, onnotice: () => {}, debug: (_connection, query) => onStatement(query) });
}

/** The baseline seals and opens cursors like the API (graphql/cursor.ts): the same work on both sides. */
let cursors: CursorCodec;
export const cursorOf = (values: unknown[]) => cursors.encode("customers", values);
export const openCursor = (after: string) => cursors.decode("customers", after, 3) as [string, string, string];

const CUSTOMER_LIST_ITEM = (sql: RawSql) => sql`
  c.id, c.version, c.name, c.phone, c.email, c.kind, c.status, c.region, c.city,
  c.created_at as "createdAt", c.updated_at as "updatedAt"`;

/** The current consent state per (purpose, channel, partner): the same definition as the API's. */
const consentStates = (sql: RawSql, ids: string[]) => sql`
  select distinct on (e.customer_id, e.purpose, e.channel, e.partner_id)
    e.customer_id, e.id as "eventId", e.purpose, e.channel, e.partner_id as "partnerId", e.status,
    (e.status = 'GRANTED' and (e.expires_at is null or e.expires_at > now()) and not exists (
      select 1 from consent_events b where b.customer_id = e.customer_id and b.purpose = e.purpose
        and b.partner_id is not distinct from e.partner_id and b.channel is null
        and b.status <> 'GRANTED' and b.captured_at > e.captured_at)) as granted,
    (e.expires_at is not null and e.expires_at <= now()) as expired,
    e.expires_at as "expiresAt", e.captured_at as "capturedAt", e.source, e.policy_version as "policyVersion"
  from consent_events e
  where e.customer_id = any(${ids}::uuid[])
  order by e.customer_id, e.purpose, e.channel, e.partner_id, e.captured_at desc, e.id desc`;

type Fields = Record<string, unknown>;

/** Rows grouped by their owner column (dropped from the rows), one group per id, in row order. */
function groupBy(ids: string[], rows: readonly Fields[], key: string): Map<string, Fields[]> {
  const groups = new Map<string, Fields[]>(ids.map((id) => [id, []]));
  for (const row of rows) {
    const { [key]: owner, ...rest } = row;
    groups.get(owner as string)?.push(rest);
  }
  return groups;
}

/** W1: the customer 360 (profile, identifiers, subscriptions, usage, consents, interactions, cases, feedback). */
async function customer360(sql: RawSql, p: { id: string }) {
  const id = p.id;
  const [profile, identifiers, subscriptions, usage, consents, interactions, [count], cases, feedback] = await Promise.all([
    sql`select ${CUSTOMER_LIST_ITEM(sql)}, c.national_id as "nationalId", c.birth_date::text as "birthDate", c.gender,
          c.address, c.occupation, c.language, c.special_care::text[] as "specialCare", c.security_level as "securityLevel",
          c.account_manager as "accountManager", c.processing_restricted as "processingRestricted", c.erased_at as "erasedAt"
        from customers c where c.id = ${id}`,
    sql`select id, type, value, valid_from as "validFrom", valid_to as "validTo", source
        from identifiers where customer_id = ${id} order by type, valid_from`,
    sql`select s.id, s.msisdn, s.started_on::text as "startedOn", s.contract_end::text as "contractEnd", s.status,
          json_build_object('id', p.id, 'code', p.code, 'name', p.name, 'monthlyFee', p.monthly_fee::float8,
            'dataQuotaMb', p.data_quota_mb, 'voiceQuotaMinutes', p.voice_quota_minutes, 'services', p.services) as plan
        from subscriptions s join plans p on p.id = s.plan_id where s.customer_id = ${id} order by s.started_on`,
    sql`select month::text as month, bill_amount::float8 as "billAmount", data_mb as "dataMb", voice_minutes as "voiceMinutes",
          sms_count as "smsCount", paid, arrears::float8 as arrears
        from usage_months where customer_id = ${id} order by month desc limit 12`,
    consentStates(sql, [id]),
    sql`select id, occurred_at as "occurredAt", channel, type, summary, agent, outcome, case_id as "caseId"
        from interactions where customer_id = ${id} order by occurred_at desc, id desc limit 20`,
    sql`select count(*)::int as n from interactions where customer_id = ${id}`,
    sql`select id, kind, category, priority, status, subject, owner, opened_at as "openedAt", due_at as "dueAt", resolved_at as "resolvedAt",
          (resolved_at is null and status in ('OPEN', 'ASSIGNED', 'IN_PROGRESS', 'REOPENED') and due_at < now()) as overdue
        from cases where customer_id = ${id} order by opened_at desc`,
    sql`select id, kind, score, aspect, channel, comment, submitted_at as "submittedAt"
        from feedback where customer_id = ${id} order by submitted_at desc`,
  ]);
  const customer = profile[0];
  if (!customer) return { customer: null };
  return {
    customer: {
      ...customer,
      identifiers,
      subscriptions,
      usage,
      consents: consents.map(({ customer_id: _owner, ...state }) => state),
      interactions: { totalCount: count!.n, edges: interactions.map((node) => ({ node })) },
      cases,
      feedback,
    },
  };
}

/** W2: a page of 100 customers (creation order, after a cursor) with their consents and last 5 interactions. */
async function customerListWithActivity(sql: RawSql, p: { first: number; after: string }) {
  const [, createdAt, afterId] = openCursor(p.after);
  const rows = await sql`select ${CUSTOMER_LIST_ITEM(sql)} from customers c
    where (c.created_at, c.id) > (${createdAt}::timestamptz, ${afterId}::uuid) order by c.created_at, c.id limit ${p.first + 1}`;
  const page = rows.slice(0, p.first);
  const ids = page.map((r) => r.id as string);
  const [consents, interactions] = await Promise.all([
    consentStates(sql, ids),
    sql`select i.customer_id, i.id, i.occurred_at as "occurredAt", i.channel, i.type, i.summary
        from unnest(${ids}::uuid[]) as c(id)
        cross join lateral (select * from interactions x where x.customer_id = c.id order by x.occurred_at desc, x.id desc limit 5) i`,
  ]);
  const consentsOf = groupBy(ids, consents, "customer_id");
  const interactionsOf = groupBy(ids, interactions, "customer_id");
  const last = page.at(-1);
  return {
    customers: {
      pageInfo: { hasNextPage: rows.length > p.first, endCursor: last ? cursorOf(["CREATED_AT", (last.createdAt as Date).toISOString(), last.id]) : null },
      edges: page.map((row) => ({
        node: {
          ...row,
          consents: consentsOf.get(row.id as string)!.map(({ eventId: _e, expired: _x, capturedAt: _c, source: _s, policyVersion: _v, ...state }) => state),
          interactions: { edges: interactionsOf.get(row.id as string)!.map((node) => ({ node })) },
        },
      })),
    },
  };
}

/** W3: the console list: filter on kind and status, sorted by name, keyset page after a cursor, with the total. */
async function consoleList(sql: RawSql, p: { first: number; after?: string | null; filter: { kind: string[]; status: string[] } }) {
  const [, name, afterId] = p.after ? openCursor(p.after) : [];
  const where = sql`c.kind = any(${p.filter.kind}::customer_kind[]) and c.status = any(${p.filter.status}::customer_status[])`;
  const [rows, [count]] = await Promise.all([
    p.after
      ? sql`select ${CUSTOMER_LIST_ITEM(sql)} from customers c where ${where} and (c.name, c.id) > (${name!}, ${afterId!}::uuid)
            order by c.name, c.id limit ${p.first + 1}`
      : sql`select ${CUSTOMER_LIST_ITEM(sql)} from customers c where ${where} order by c.name, c.id limit ${p.first + 1}`,
    sql`select count(*)::int as n from (select 1 from customers c where ${where} limit ${EXACT_COUNT_UP_TO + 1}) t`,
  ]);
  // Counted as the API counts: exactly up to EXACT_COUNT_UP_TO, the planner's estimate above.
  if (count!.n > EXACT_COUNT_UP_TO) count!.n = await estimatedRows(sql, sql`select 1 from customers c where ${where}`);
  const page = rows.slice(0, p.first);
  const last = page.at(-1);
  return {
    customers: {
      totalCount: count!.n,
      pageInfo: { hasNextPage: rows.length > p.first, endCursor: last ? cursorOf(["NAME", last.name, last.id]) : null },
      edges: page.map((node) => ({ node })),
    },
  };
}

/** PostgreSQL's planner estimate of a query's rows (EXPLAIN: nothing is read), never below the exact-count cap. */
export async function estimatedRows(sql: RawSql, query: postgres.PendingQuery<postgres.Row[]>): Promise<number> {
  const [plan] = await sql`explain (format json) ${query}`;
  return Math.max(EXACT_COUNT_UP_TO + 1, Math.round(Number((plan!["QUERY PLAN"] as { Plan: { "Plan Rows": number } }[])[0]!.Plan["Plan Rows"])));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RawEvent {
  customerId: string;
  externalId: string;
  channel: string;
  type: string;
  occurredAt?: string;
  summary?: string;
  agent?: string;
  outcome?: string;
  caseId?: string;
}

/** W4: batch ingestion, idempotent on externalId (unknown customers are rejected, repeats are duplicates). */
async function ingest(sql: RawSql, p: { events: RawEvent[] }) {
  const ids = [...new Set(p.events.map((e) => e.customerId).filter((id) => UUID.test(id)))];
  const known = new Set((await sql`select id from customers where id = any(${ids}::uuid[])`).map((r) => r.id as string));
  const errors: { index: number; externalId: string; field: string; message: string }[] = [];
  const seen = new Set<string>();
  const accepted: RawEvent[] = [];
  p.events.forEach((e, index) => {
    if (!known.has(e.customerId)) errors.push({ index, externalId: e.externalId, field: `events[${index}].customerId`, message: "no such customer" });
    else if (!seen.has(e.externalId)) {
      seen.add(e.externalId);
      accepted.push(e);
    }
  });
  const column = <K extends keyof RawEvent>(key: K) => accepted.map((e) => e[key] ?? null);
  const now = new Date().toISOString();
  const inserted = accepted.length
    ? await sql`insert into interactions (customer_id, occurred_at, channel, type, summary, agent, outcome, case_id, external_id)
        select * from unnest(${column("customerId") as string[]}::uuid[], ${accepted.map((e) => e.occurredAt ?? now)}::timestamptz[],
          ${column("channel") as string[]}::interaction_channel[], ${column("type") as string[]}::interaction_type[],
          ${column("summary") as string[]}::text[], ${column("agent") as string[]}::text[], ${column("outcome") as string[]}::text[],
          ${column("caseId") as string[]}::uuid[], ${column("externalId") as string[]}::text[])
        on conflict (external_id) do nothing returning id`
    : [];
  return {
    ingestInteractions: {
      inserted: inserted.length,
      duplicate: p.events.length - errors.length - inserted.length,
      rejected: errors.length,
      errors,
    },
  };
}

/** W5 export: every row held about the customer, unmasked, with the access log, as one JSON document. */
async function dsrExport(sql: RawSql, p: { customerId: string }) {
  const id = p.customerId;
  const [[customer], identifiers, subscriptions, usage, consents, interactions, cases, feedback, accessLog] = await Promise.all([
    sql`select * from customers where id = ${id}`,
    sql`select * from identifiers where customer_id = ${id} order by type, valid_from`,
    sql`select s.*, json_build_object('code', p.code, 'name', p.name, 'monthlyFee', p.monthly_fee::float8) as plan
        from subscriptions s join plans p on p.id = s.plan_id where s.customer_id = ${id} order by s.started_on, s.id`,
    sql`select * from usage_months where customer_id = ${id} order by month`,
    sql`select * from consent_events where customer_id = ${id} order by captured_at, id`,
    sql`select * from interactions where customer_id = ${id} order by occurred_at, id`,
    sql`select * from cases where customer_id = ${id} order by opened_at, id`,
    sql`select * from feedback where customer_id = ${id} order by submitted_at, id`,
    sql`select seq, occurred_at, principal, principal_kind, role, partner_id, purpose, operation, action, fields
        from audit_events where customer_ids @> array[${id}::uuid] order by seq`,
  ]);
  const document = { customerId: id, generatedAt: new Date(), data: { customer, identifiers, subscriptions, usage, consents, interactions, cases, feedback }, accessLog };
  return { dataSubjectExport: { document } };
}

/**
 * W5 erasure, hand-written: the same effect as the catalog-driven erasure on this schema (profile
 * cleared, identifiers deleted, free text and numbers cleared, billing months outside a legal
 * hold deleted, consent ledger kept, stored exports dropped, care task states, duplicate pairs and
 * dismissals and the outbound-event log deleted but for stop notices still to be sent), in one
 * transaction, without audit. (A W5 clone has no merged records, whose erasure it would also need.)
 */
async function dsrErase(sql: RawSql, p: { customerId: string }) {
  const id = p.customerId;
  const counts = await sql.begin(async (tx) => {
    const [customer] = await tx`select id, erased_at from customers where id = ${id} for update`;
    if (!customer || customer.erased_at) throw new Error("no such customer, or already erased");
    await tx`update customers set name = '[erased]', phone = null, email = null, national_id = null, birth_date = null, gender = null,
        address = null, city = null, region = null, occupation = null, language = default, special_care = default,
        erased_at = now(), version = version + 1, updated_at = now() where id = ${id}`;
    const identifiers = await tx`delete from identifiers where customer_id = ${id}`;
    await tx`update subscriptions set msisdn = null where customer_id = ${id} and msisdn is not null`;
    const interactions = await tx`update interactions set summary = null, outcome = null
        where customer_id = ${id} and (summary is not null or outcome is not null)`;
    await tx`update cases set subject = '[erased]', resolution = null where customer_id = ${id}`;
    await tx`update feedback set comment = null, answers = null where customer_id = ${id} and (comment is not null or answers is not null)`;
    const usage = await tx`delete from usage_months where customer_id = ${id}
        and month + interval '7 months' <= now() and (paid and arrears = 0 or month + interval '37 months' <= now())`;
    await tx`update data_subject_requests set export_document = null where customer_id = ${id} and export_document is not null`;
    await tx`delete from care_task_states where customer_id = ${id}`;
    await tx`delete from duplicate_candidates where customer_a = ${id} or customer_b = ${id}`;
    await tx`delete from duplicate_dismissals where customer_a = ${id} or customer_b = ${id}`;
    // The outbound-event log, but for stop notices still to be sent (their deliveries go with their events).
    await tx`delete from outbox_events where customer_id = ${id} and not (type = any(${[...STOP_NOTICES]}::event_type[])
        and exists (select 1 from webhook_deliveries d where d.event_id = outbox_events.id and d.status = 'PENDING'))`;
    return { identifiersDeleted: identifiers.count, interactionsCleared: interactions.count, usageMonthsDeleted: usage.count };
  });
  return { erasure: counts };
}

export const RAW_ROUTES = {
  customer360,
  customerListWithActivity,
  consoleList,
  ingest,
  dsrExport,
  dsrErase,
  ...ONE_STATEMENT_ROUTES,
} satisfies Record<string, (sql: RawSql, params: never) => Promise<unknown>>;

export type RawRoute = keyof typeof RAW_ROUTES;

/** POST /<route> with the operation's variables as the JSON body; answers `{ "data": … }`. */
export function createRawServer(sql: RawSql, codec: CursorCodec): Server {
  cursors = codec;
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const route = RAW_ROUTES[(req.url ?? "/").slice(1) as RawRoute] as ((sql: RawSql, params: unknown) => Promise<unknown>) | undefined;
      if (!route) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"errors":[{"message":"no such route"}]}');
        return;
      }
      route(sql, JSON.parse(Buffer.concat(chunks).toString("utf8")))
        .then((data) =>
          res.writeHead(200, { "content-type": "application/json" }).end(data instanceof JsonText ? `{"data":${data.text}}` : JSON.stringify({ data })),
        )
        .catch((error: Error) => res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: error.message }] })));
    });
  });
}
