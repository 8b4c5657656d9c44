import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { rowsOf } from "../../db/rows.js";
import { isEffectiveGrant } from "../consent/consent.queries.js";
import { customers } from "../customer/customer.table.js";
import { CARE_RULES, CARE_TIME_ZONE, CARE_WINDOWS, type CareTaskKind } from "./care.rules.js";
import { underMarketingCapNow } from "./contact-cap.js";

export interface CareTaskRow {
  customerId: string;
  kind: CareTaskKind;
  dueOn: string;
  evidence: Record<string, unknown>;
  marketing: boolean;
  processingRestricted: boolean;
}

export interface CareTaskQuery {
  /** Today in the care time zone, `YYYY-MM-DD`. */
  today: string;
  /** Kinds to compute (already limited to what the principal may see). */
  kinds: readonly CareTaskKind[];
  /** Only these customers (Customer.careTasks, filter.customerId). */
  customerIds?: readonly string[];
  regions?: readonly string[];
  /** Due on or before this date. */
  dueBy?: string;
  /** The principal's customer visibility (refers to the joined `customers`). */
  visibility?: SQL;
}

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;
const textArray = (values: readonly string[]) => sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`}::text[]`;

/**
 * One SELECT per kind, all of the same shape (customer_id, kind, due_on, evidence, marketing,
 * handled_since): UNION ALL of these is the work queue. `handled_since` is when the window of
 * the task opened; a contact logged since then completes it (see `handled` below).
 */
function kindQuery(kind: CareTaskKind, q: CareTaskQuery): SQL {
  const today = sql`${q.today}::date`;
  const only = (column: SQL) => (q.customerIds ? sql` and ${column} = any(${uuidArray(q.customerIds)})` : sql``);
  const localStart = (day: SQL) => sql`((${day})::timestamp at time zone ${CARE_TIME_ZONE})`;
  const marketing = sql.raw(String(CARE_RULES[kind].marketing));
  switch (kind) {
    case "BIRTHDAY": {
      // Birthday this year or next; adding years to a date keeps 29 February as 28 February.
      const years = sql`(extract(year from ${today})::int - extract(year from c.birth_date)::int)`;
      const thisYear = sql`(c.birth_date + make_interval(years => ${years}))::date`;
      const nextYear = sql`(c.birth_date + make_interval(years => ${years} + 1))::date`;
      return sql`select c.id as customer_id, 'BIRTHDAY' as kind, b.day as due_on,
          jsonb_build_object('birthday', b.day, 'turning', extract(year from b.day)::int - extract(year from c.birth_date)::int) as evidence,
          ${marketing} as marketing, ${localStart(sql`b.day - ${CARE_WINDOWS.birthdayDays}::int`)} as handled_since
        from customers c cross join lateral (select case when ${thisYear} >= ${today} then ${thisYear} else ${nextYear} end as day) b
        where c.birth_date is not null and b.day <= ${today} + ${CARE_WINDOWS.birthdayDays}::int${only(sql`c.id`)}`;
    }
    case "CONTRACT_ENDING":
      return sql`select s.customer_id, 'CONTRACT_ENDING' as kind, min(s.contract_end) as due_on,
          jsonb_build_object('contractEnd', min(s.contract_end), 'subscriptions', count(*)) as evidence,
          ${marketing} as marketing, ${localStart(sql`min(s.contract_end) - ${CARE_WINDOWS.contractEndingDays}::int`)} as handled_since
        from subscriptions s
        where s.status = 'ACTIVE' and s.contract_end between ${today} and ${today} + ${CARE_WINDOWS.contractEndingDays}::int${only(sql`s.customer_id`)}
        group by s.customer_id`;
    case "DATA_QUOTA":
      // The customer's latest usage month, if it is the current or the previous one, against the
      // allowance of their active plans.
      return sql`select u.customer_id, 'DATA_QUOTA' as kind,
          greatest(${today}, (u.month + interval '1 month' - interval '1 day')::date) as due_on,
          jsonb_build_object('month', u.month, 'usedMb', u.data_mb, 'quotaMb', a.quota_mb, 'percent', round(100.0 * u.data_mb / a.quota_mb, 1)) as evidence,
          ${marketing} as marketing, ${localStart(sql`u.month`)} as handled_since
        from (select distinct on (customer_id) customer_id, month, data_mb from usage_months
              where month >= (date_trunc('month', ${today}) - interval '1 month')::date${only(sql`customer_id`)}
              order by customer_id, month desc) u
        join (select s.customer_id, sum(p.data_quota_mb) as quota_mb from subscriptions s join plans p on p.id = s.plan_id
              where s.status = 'ACTIVE' and p.data_quota_mb > 0${only(sql`s.customer_id`)} group by s.customer_id) a on a.customer_id = u.customer_id
        where u.data_mb * 100 >= ${CARE_WINDOWS.dataQuotaPercent} * a.quota_mb`;
    case "SPECIAL_CARE":
      return sql`select c.id as customer_id, 'SPECIAL_CARE' as kind, ${today} as due_on,
          jsonb_build_object('flags', to_jsonb(c.special_care), 'visitEveryDays', ${CARE_WINDOWS.specialCareVisitDays}::int) as evidence,
          ${marketing} as marketing, now() - make_interval(days => ${CARE_WINDOWS.specialCareVisitDays}) as handled_since
        from customers c where cardinality(c.special_care) > 0${only(sql`c.id`)}`;
  }
}

/** A current, effective MARKETING grant of the operator itself (no partner), on any channel. */
function marketingConsent(customerId: SQL): SQL {
  return sql`exists (select 1 from (
      select distinct on (e.channel) e.customer_id, e.purpose, e.partner_id, e.status, e.expires_at, e.captured_at
      from consent_events e where e.customer_id = ${customerId} and e.purpose = 'MARKETING' and e.partner_id is null
      order by e.channel, e.captured_at desc, e.id desc) latest
    where ${isEffectiveGrant(sql`latest`)})`;
}

/**
 * The work queue's FROM and WHERE: the tasks of the selected kinds joined to their customer.
 * Marketing-type tasks need an active, unrestricted customer with a current MARKETING consent and
 * room under the contact cap. A task is done once the contact it asks for was logged in its
 * window: a MARKETING contact for offers, a CARE visit (VISIT or ONSITE) for special care.
 */
function careTaskSource(q: CareTaskQuery): SQL {
  const union = sql.join(
    q.kinds.map((kind) => sql`(${kindQuery(kind, q)})`),
    sql` union all `,
  );
  const taskCustomer = sql`t.customer_id`;
  return sql`from (${union}) t join ${customers} on ${customers.id} = t.customer_id
    where ${customers.erasedAt} is null and ${customers.status} in ('ACTIVE', 'SUSPENDED')
      and (not t.marketing or (${customers.status} = 'ACTIVE' and not ${customers.processingRestricted}
        and ${marketingConsent(taskCustomer)} and ${underMarketingCapNow(taskCustomer)}))
      and not exists (select 1 from interactions h where h.customer_id = t.customer_id and h.occurred_at >= t.handled_since
        and case when t.marketing then h.type = 'MARKETING' else h.type = 'CARE' and h.channel in ('VISIT', 'ONSITE') end)
      ${q.regions?.length ? sql`and ${customers.region} = any(${textArray(q.regions)})` : sql``}
      ${q.dueBy ? sql`and t.due_on <= ${q.dueBy}::date` : sql``}
      ${q.visibility ? sql`and ${q.visibility}` : sql``}`;
}

type RawTask = { customer_id: string; kind: CareTaskKind; due_on: string; evidence: Record<string, unknown> | string; marketing: boolean; processing_restricted: boolean };

function toRow(r: RawTask): CareTaskRow {
  return {
    customerId: r.customer_id,
    kind: r.kind,
    dueOn: r.due_on,
    evidence: typeof r.evidence === "string" ? JSON.parse(r.evidence) : r.evidence,
    marketing: r.marketing,
    processingRestricted: r.processing_restricted,
  };
}

/** Tasks soonest due first, keyset on (due_on, kind, customer_id). */
export async function selectCareTasks(
  db: DbOrTx,
  q: CareTaskQuery,
  page?: { after?: { dueOn: string; kind: string; customerId: string }; limit: number },
): Promise<CareTaskRow[]> {
  if (!q.kinds.length) return [];
  const keyset = page?.after ? sql`and (t.due_on, t.kind, t.customer_id) > (${page.after.dueOn}::date, ${page.after.kind}, ${page.after.customerId}::uuid)` : sql``;
  const limit = page ? sql`limit ${page.limit}` : sql``;
  const result = await db.execute(sql`select t.customer_id::text as customer_id, t.kind, t.due_on::text as due_on, t.evidence, t.marketing,
      ${customers.processingRestricted} as processing_restricted
    ${careTaskSource(q)} ${keyset}
    order by t.due_on, t.kind, t.customer_id ${limit}`);
  return rowsOf<RawTask>(result).map(toRow);
}

export async function countCareTasks(db: DbOrTx, q: CareTaskQuery): Promise<number> {
  if (!q.kinds.length) return 0;
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n ${careTaskSource(q)}`));
  return Number(row?.n ?? 0);
}
