/**
 * The one-statement lower bound (issue 12): for W1–W3, a single hand-written SQL statement per
 * request builds the whole answer as JSON inside PostgreSQL (`json_build_object`, `json_agg`,
 * correlated subqueries), and the handler writes that text out without parsing it. Node does
 * nothing per field or per row, so this is the physical limit of "GraphQL over Postgres" here:
 * one round trip, no per-row work in JavaScript. Same data as the multi-statement baseline in
 * raw.ts and as the API (the bench compares them before measuring).
 */
import { EXACT_COUNT_UP_TO } from "../modules/customer/customer.count.js";
import { cursorOf, estimatedRows, openCursor, type RawSql } from "./raw.js";

/** A response body already serialised by PostgreSQL: the raw server writes it as `{"data":…}`. */
export class JsonText {
  constructor(readonly text: string) {}
}

// The API's DateTime scalar answers ISO-8601 in UTC with milliseconds (Date#toISOString).
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const LIST_ITEM = `
  'id', c.id, 'version', c.version, 'name', c.name, 'phone', c.phone, 'email', c.email, 'kind', c.kind,
  'status', c.status, 'region', c.region, 'city', c.city, 'createdAt', ${iso("c.created_at")}, 'updatedAt', ${iso("c.updated_at")}`;

/** Current consent state per (purpose, channel, partner), as raw.ts and the API define it; `fields` picks the JSON keys. */
const consents = (fields: string) => `coalesce((
  select json_agg(json_build_object(${fields}) order by s.purpose, s.channel, s.partner_id)
  from (
    select distinct on (e.purpose, e.channel, e.partner_id) e.*,
      (e.status = 'GRANTED' and (e.expires_at is null or e.expires_at > now()) and not exists (
        select 1 from consent_events b where b.customer_id = e.customer_id and b.purpose = e.purpose
          and b.partner_id is not distinct from e.partner_id and b.channel is null
          and b.status <> 'GRANTED' and b.captured_at > e.captured_at)) as granted
    from consent_events e where e.customer_id = c.id
    order by e.purpose, e.channel, e.partner_id, e.captured_at desc, e.id desc
  ) s), '[]'::json)`;

const W1_SQL = `
select json_build_object('customer', (
  select json_build_object(${LIST_ITEM},
    'nationalId', c.national_id, 'birthDate', c.birth_date::text, 'gender', c.gender, 'address', c.address,
    'occupation', c.occupation, 'language', c.language, 'specialCare', c.special_care::text[],
    'securityLevel', c.security_level, 'accountManager', c.account_manager,
    'processingRestricted', c.processing_restricted, 'erasedAt', ${iso("c.erased_at")},
    'identifiers', coalesce((select json_agg(json_build_object('id', i.id, 'type', i.type, 'value', i.value,
        'validFrom', ${iso("i.valid_from")}, 'validTo', ${iso("i.valid_to")}, 'source', i.source) order by i.type, i.valid_from)
      from identifiers i where i.customer_id = c.id), '[]'::json),
    'subscriptions', coalesce((select json_agg(json_build_object('id', s.id, 'msisdn', s.msisdn, 'startedOn', s.started_on::text,
        'contractEnd', s.contract_end::text, 'status', s.status,
        'plan', json_build_object('id', p.id, 'code', p.code, 'name', p.name, 'monthlyFee', p.monthly_fee::float8,
          'dataQuotaMb', p.data_quota_mb, 'voiceQuotaMinutes', p.voice_quota_minutes, 'services', p.services)) order by s.started_on)
      from subscriptions s join plans p on p.id = s.plan_id where s.customer_id = c.id), '[]'::json),
    'usage', coalesce((select json_agg(json_build_object('month', u.month::text, 'billAmount', u.bill_amount::float8,
        'dataMb', u.data_mb, 'voiceMinutes', u.voice_minutes, 'smsCount', u.sms_count, 'paid', u.paid,
        'arrears', u.arrears::float8) order by u.month desc)
      from (select * from usage_months where customer_id = c.id order by month desc limit 12) u), '[]'::json),
    'consents', ${consents(`'eventId', s.id, 'purpose', s.purpose, 'channel', s.channel, 'partnerId', s.partner_id,
        'status', s.status, 'granted', s.granted, 'expired', (s.expires_at is not null and s.expires_at <= now()),
        'expiresAt', ${iso("s.expires_at")}, 'capturedAt', ${iso("s.captured_at")}, 'source', s.source,
        'policyVersion', s.policy_version`)},
    'interactions', json_build_object(
      'totalCount', (select count(*) from interactions where customer_id = c.id),
      'edges', coalesce((select json_agg(json_build_object('node', json_build_object('id', x.id,
          'occurredAt', ${iso("x.occurred_at")}, 'channel', x.channel, 'type', x.type, 'summary', x.summary,
          'agent', x.agent, 'outcome', x.outcome, 'caseId', x.case_id)) order by x.occurred_at desc, x.id desc)
        from (select * from interactions where customer_id = c.id order by occurred_at desc, id desc limit 20) x), '[]'::json)),
    'cases', coalesce((select json_agg(json_build_object('id', k.id, 'kind', k.kind, 'category', k.category,
        'priority', k.priority, 'status', k.status, 'subject', k.subject, 'owner', k.owner,
        'openedAt', ${iso("k.opened_at")}, 'dueAt', ${iso("k.due_at")}, 'resolvedAt', ${iso("k.resolved_at")},
        'overdue', (k.resolved_at is null and k.status in ('OPEN', 'ASSIGNED', 'IN_PROGRESS', 'REOPENED') and k.due_at < now()))
        order by k.opened_at desc)
      from cases k where k.customer_id = c.id), '[]'::json),
    'feedback', coalesce((select json_agg(json_build_object('id', f.id, 'kind', f.kind, 'score', f.score, 'aspect', f.aspect,
        'channel', f.channel, 'comment', f.comment, 'submittedAt', ${iso("f.submitted_at")}) order by f.submitted_at desc)
      from feedback f where f.customer_id = c.id), '[]'::json))
  from customers c where c.id = $1))::text as body`;


/**
 * A page as one statement: `page` holds first + 1 rows (the extra one answers hasNextPage), the
 * edges aggregate the first `first` of them, and the last shown row's sort key comes back beside
 * the JSON so Node only has to wrap it into the cursor the API would issue.
 */
const pageSql = (where: string, orderBy: string, node: string, total: string) => `
with page as (select c.*, row_number() over (order by ${orderBy}) as n from customers c where ${where} order by ${orderBy} limit $1 + 1)
select ${total} as total, (select count(*) from page) > $1 as "hasNext",
  (select json_build_array(${iso("c.created_at")}, c.name, c.id) from page c where c.n = least($1, (select count(*) from page))) as last,
  coalesce((select json_agg(json_build_object('node', ${node}) order by c.n) from page c where c.n <= $1), '[]'::json)::text as edges`;

const W2_NODE = `json_build_object(${LIST_ITEM},
  'consents', ${consents(`'purpose', s.purpose, 'channel', s.channel, 'partnerId', s.partner_id, 'status', s.status,
      'granted', s.granted, 'expiresAt', ${iso("s.expires_at")}`)},
  'interactions', json_build_object('edges', coalesce((select json_agg(json_build_object('node', json_build_object('id', x.id,
      'occurredAt', ${iso("x.occurred_at")}, 'channel', x.channel, 'type', x.type, 'summary', x.summary)) order by x.occurred_at desc, x.id desc)
    from (select * from interactions where customer_id = c.id order by occurred_at desc, id desc limit 5) x), '[]'::json)))`;

const W2_SQL = pageSql("(c.created_at, c.id) > ($2::timestamptz, $3::uuid)", "c.created_at, c.id", W2_NODE, "null::int");

const W3_WHERE = "c.kind = any($2::customer_kind[]) and c.status = any($3::customer_status[])";
// totalCount as the API counts it: exact up to EXACT_COUNT_UP_TO (a capped count in the same
// statement), above that the planner's estimate — a second statement, EXPLAIN, only then.
const W3_TOTAL = `(select count(*)::int from (select 1 from customers c where ${W3_WHERE} limit ${EXACT_COUNT_UP_TO + 1}) t)`;
const W3_SQL_FIRST = pageSql(W3_WHERE, "c.name, c.id", `json_build_object(${LIST_ITEM})`, W3_TOTAL);
const W3_SQL_AFTER = pageSql(`${W3_WHERE} and (c.name, c.id) > ($4, $5::uuid)`, "c.name, c.id", `json_build_object(${LIST_ITEM})`, W3_TOTAL);

interface PageRow {
  total: number | null;
  hasNext: boolean;
  last: [string, string, string] | null;
  edges: string;
}

function connection(row: PageRow, sortKey: "CREATED_AT" | "NAME", withTotal: boolean): JsonText {
  const endCursor = row.last ? cursorOf([sortKey, sortKey === "NAME" ? row.last[1] : row.last[0], row.last[2]]) : null;
  const total = withTotal ? `"totalCount":${row.total},` : "";
  return new JsonText(`{"customers":{${total}"pageInfo":{"hasNextPage":${row.hasNext},"endCursor":${JSON.stringify(endCursor)}},"edges":${row.edges}}}`);
}

async function customer360One(sql: RawSql, p: { id: string }) {
  const [row] = await sql.unsafe(W1_SQL, [p.id], { prepare: true });
  return new JsonText(row!.body as string);
}

async function customerListWithActivityOne(sql: RawSql, p: { first: number; after: string }) {
  const [, createdAt, afterId] = openCursor(p.after);
  const [row] = await sql.unsafe(W2_SQL, [p.first, createdAt, afterId], { prepare: true });
  return connection(row as unknown as PageRow, "CREATED_AT", false);
}

async function consoleListOne(sql: RawSql, p: { first: number; after?: string | null; filter: { kind: string[]; status: string[] } }) {
  const base = [p.first, p.filter.kind, p.filter.status];
  const rows = p.after
    ? await sql.unsafe(W3_SQL_AFTER, [...base, ...openCursor(p.after).slice(1)], { prepare: true })
    : await sql.unsafe(W3_SQL_FIRST, base, { prepare: true });
  const row = rows[0] as unknown as PageRow;
  if (row.total! > EXACT_COUNT_UP_TO) {
    row.total = await estimatedRows(sql, sql`select 1 from customers c where c.kind = any(${p.filter.kind}::customer_kind[]) and c.status = any(${p.filter.status}::customer_status[])`);
  }
  return connection(row, "NAME", true);
}

export const ONE_STATEMENT_ROUTES = { customer360One, customerListWithActivityOne, consoleListOne };
