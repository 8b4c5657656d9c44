import { OPERATOR_TIME_ZONE } from "../../lib/days.js";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { rowsOf } from "../../db/rows.js";
import { hasEffectiveGrant } from "../../privacy/scope.js";
import { customers } from "../customer/customer.table.js";
import { CARE_RULES, CARE_WINDOWS, HOLIDAY_GREETING_KINDS, HOLIDAY_GREETING_TIERS, RECURRING_KINDS, type CareTaskKind } from "./care.rules.js";
import { underMarketingCapNow } from "./contact-cap.js";

export interface CareTaskRow {
  customerId: string;
  kind: CareTaskKind;
  dueOn: string;
  evidence: Record<string, unknown>;
  marketing: boolean;
  processingRestricted: boolean;
  /** Work state (care.table.ts): the staff username it is assigned to, and the day a snooze ends. */
  assignee: string | null;
  snoozedUntil: string | null;
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
  /** Holidays in the greeting window (care.rules `upcomingHolidays`). */
  holidays?: readonly { code: string; date: string }[];
  /** Only tasks assigned to this staff username. */
  assignee?: string;
  /** true: only snoozed tasks; otherwise only tasks not snoozed (the default queue). */
  snoozed?: boolean;
}

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;
const textArray = (values: readonly string[]) => sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`}::text[]`;

const intArray = (values: readonly number[]) => sql`${`{${values.join(",")}}`}::int[]`;

/** A birth date's month and day as one number (June 12 → 612): the birthday index's expression. */
export function birthdayKey(birthDate: SQL): SQL {
  return sql`(extract(month from ${birthDate})::int * 100 + extract(day from ${birthDate})::int)`;
}

/**
 * The birthday keys of the days from `today` to `days` ahead. 29 February birthdays are
 * celebrated on 28 February in common years.
 */
export function birthdayKeys(today: string, days: number): number[] {
  const keys = new Set<number>();
  const d = new Date(`${today}T00:00:00Z`);
  for (let i = 0; i <= days; i++, d.setUTCDate(d.getUTCDate() + 1)) {
    const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    keys.add(month * 100 + day);
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    if (month === 2 && day === 28 && !leap) keys.add(229);
  }
  return [...keys];
}

/**
 * One SELECT per kind, all of the same shape (customer_id, kind, due_on, evidence, marketing,
 * handled_since, handled_by): UNION ALL of these is the work queue. A contact of the kind
 * `handled_by` names, logged since `handled_since` (when the task's window opened), completes it.
 */
function kindQuery(kind: CareTaskKind, q: CareTaskQuery): SQL {
  const today = sql`${q.today}::date`;
  // Customer and region filters go into each kind's query, so a filtered queue reads only those customers.
  const only = (column: SQL) =>
    sql`${q.customerIds ? sql` and ${column} = any(${uuidArray(q.customerIds)})` : sql``}${
      q.regions?.length ? sql` and ${column} in (select r.id from customers r where r.region = any(${textArray(q.regions)}))` : sql``
    }`;
  const localStart = (day: SQL) => sql`((${day})::timestamp at time zone ${OPERATOR_TIME_ZONE})`;
  const marketing = sql.raw(String(CARE_RULES[kind].marketing));
  // The contact that completes a task of this kind (care.rules `completedBy`).
  const completedBy = sql.raw(`'${CARE_RULES[kind].completedBy}'`);
  switch (kind) {
    case "BIRTHDAY": {
      // Birthday this year or next; adding years to a date keeps 29 February as 28 February.
      const years = sql`(extract(year from ${today})::int - extract(year from c.birth_date)::int)`;
      const thisYear = sql`(c.birth_date + make_interval(years => ${years}))::date`;
      const nextYear = sql`(c.birth_date + make_interval(years => ${years} + 1))::date`;
      return sql`select c.id as customer_id, 'BIRTHDAY' as kind, b.day as due_on,
          jsonb_build_object('birthday', b.day, 'turning', extract(year from b.day)::int - extract(year from c.birth_date)::int) as evidence,
          ${marketing} as marketing, ${localStart(sql`b.day - ${CARE_WINDOWS.birthdayDays}::int`)} as handled_since, ${completedBy} as handled_by
        from customers c cross join lateral (select case when ${thisYear} >= ${today} then ${thisYear} else ${nextYear} end as day) b
        where c.birth_date is not null and ${birthdayKey(sql`c.birth_date`)} = any(${intArray(birthdayKeys(q.today, CARE_WINDOWS.birthdayDays))})
          and b.day <= ${today} + ${CARE_WINDOWS.birthdayDays}::int${only(sql`c.id`)}`;
    }
    case "CONTRACT_ENDING":
      return sql`select s.customer_id, 'CONTRACT_ENDING' as kind, min(s.contract_end) as due_on,
          jsonb_build_object('contractEnd', min(s.contract_end), 'subscriptions', count(*)) as evidence,
          ${marketing} as marketing, ${localStart(sql`min(s.contract_end) - ${CARE_WINDOWS.contractEndingDays}::int`)} as handled_since, ${completedBy} as handled_by
        from subscriptions s
        where s.status = 'ACTIVE' and s.contract_end between ${today} and ${today} + ${CARE_WINDOWS.contractEndingDays}::int${only(sql`s.customer_id`)}
        group by s.customer_id`;
    case "DATA_QUOTA":
      // The latest usage month on record (the current or the previous one; one index lookup)
      // against the allowance of the customer's active plans.
      return sql`select u.customer_id, 'DATA_QUOTA' as kind,
          greatest(${today}, (u.month + interval '1 month' - interval '1 day')::date) as due_on,
          jsonb_build_object('month', u.month, 'usedMb', u.data_mb, 'quotaMb', a.quota_mb, 'percent', round(100.0 * u.data_mb / a.quota_mb, 1)) as evidence,
          ${marketing} as marketing, ${localStart(sql`u.month`)} as handled_since, ${completedBy} as handled_by
        from usage_months u
        join (select s.customer_id, sum(p.data_quota_mb) as quota_mb from subscriptions s join plans p on p.id = s.plan_id
              where s.status = 'ACTIVE' and p.data_quota_mb > 0${only(sql`s.customer_id`)} group by s.customer_id) a on a.customer_id = u.customer_id
        where u.month = (select max(m.month) from usage_months m
            where m.month between (date_trunc('month', ${today}) - interval '1 month')::date and ${today})${only(sql`u.customer_id`)}
          and u.data_mb * 100 >= ${CARE_WINDOWS.dataQuotaPercent} * a.quota_mb`;
    case "SPECIAL_CARE":
      return sql`select c.id as customer_id, 'SPECIAL_CARE' as kind, ${today} as due_on,
          jsonb_build_object('flags', to_jsonb(c.special_care), 'visitEveryDays', ${CARE_WINDOWS.specialCareVisitDays}::int) as evidence,
          ${marketing} as marketing, now() - make_interval(days => ${CARE_WINDOWS.specialCareVisitDays}) as handled_since, ${completedBy} as handled_by
        from customers c where cardinality(c.special_care) > 0${only(sql`c.id`)}`;
    case "HOLIDAY_GREETING": {
      // High-value customers (stored insight) and key accounts, for each holiday in the window.
      const holidays = q.holidays ?? [];
      if (!holidays.length) return sql`select null::uuid as customer_id, null::text as kind, null::date as due_on, null::jsonb as evidence, false as marketing, null::timestamptz as handled_since, null::text as handled_by where false`;
      const days = sql.join(holidays.map((h) => sql`(${h.code}::text, ${h.date}::date)`), sql`, `);
      return sql`select c.id as customer_id, 'HOLIDAY_GREETING' as kind, h.day as due_on,
          jsonb_build_object('holiday', h.code, 'date', h.day) as evidence,
          ${marketing} as marketing, ${localStart(sql`h.day - ${CARE_WINDOWS.holidayDays}::int`)} as handled_since, ${completedBy} as handled_by
        from (values ${days}) as h(code, day) cross join customers c
        where (c.kind = any(${textArray(HOLIDAY_GREETING_KINDS)}::customer_kind[])
          or exists (select 1 from customer_insight i where i.customer_id = c.id and i.value_tier = any(${textArray(HOLIDAY_GREETING_TIERS)}::value_tier[])))${only(sql`c.id`)}`;
    }
    case "HIGH_CHURN_RISK":
      // Stored insight (modules/insight), kept fresh when usage, feedback or cases change.
      return sql`select i.customer_id, 'HIGH_CHURN_RISK' as kind, ${today} as due_on,
          jsonb_build_object('score', i.churn_score, 'reasons', (select coalesce(jsonb_agg(r -> 'code'), '[]'::jsonb) from jsonb_array_elements(i.reasons) r)) as evidence,
          ${marketing} as marketing, now() - make_interval(days => ${CARE_WINDOWS.churnCareDays}) as handled_since, ${completedBy} as handled_by
        from customer_insight i where i.churn_level = 'HIGH'${only(sql`i.customer_id`)}`;
  }
}

/** A current, effective MARKETING grant of the operator itself (no partner), on any channel. */
function marketingConsent(customerId: SQL): SQL {
  return hasEffectiveGrant(customerId, "MARKETING", { partnerId: null });
}

type Keyset = { dueOn: string; kind: string; customerId: string };

/** Kinds due today whatever the customer: their due date is a constant in their query. */
const DUE_TODAY: ReadonlySet<CareTaskKind> = new Set(["SPECIAL_CARE", "HIGH_CHURN_RISK"]);

/**
 * The page order (due_on, customer_id, kind), minus the keys that are constant when one kind is
 * asked for: the planner drops constant sort keys inside the candidate subquery, and the outer
 * ORDER BY must match what is left for the page to stop early instead of sorting every task.
 */
function pageOrder(q: CareTaskQuery, alias: "c" | "t", backward = false): SQL {
  const [only] = q.kinds.length === 1 ? q.kinds : [];
  const keys = !only ? ["due_on", "customer_id", "kind"] : DUE_TODAY.has(only) ? ["customer_id"] : ["due_on", "customer_id"];
  // A backward page reads the reversed order from its `before` position (graphql/connection.ts windowed).
  return sql.raw(keys.map((key) => `${alias}.${key}${backward ? " desc" : ""}`).join(", "));
}

/** A page of the queue: from a keyset position, in the list's order or (backward) the reverse. */
type TaskPage = { from?: Keyset; backward?: boolean; limit: number };

/**
 * The work queue's FROM and WHERE, in two stages. Candidates come from the per-kind queries with
 * only cheap conditions (due date, keyset) and, for a page, sorted; `offset 0` keeps the planner
 * from pushing the per-task checks below the sort, so for a page they run in order, one index
 * probe each, until the page is full (a work queue over a million customers costs a sort of the
 * candidates, not a consent and contact lookup for each).
 *
 * The per-task checks: the customer exists, is not erased or closed, and is visible; a
 * marketing-type task also needs an active, unrestricted customer with a current MARKETING
 * consent and room under the contact cap. A task is done once the contact it asks for was logged
 * in its window: a MARKETING contact for offers, a CARE visit (VISIT or ONSITE) for special care,
 * any CARE contact for a customer at churn risk. Scalar subqueries keep those lookups index probes per task (an anti-join would hash the whole
 * interactions table).
 */
function careTaskSource(q: CareTaskQuery, page?: Omit<TaskPage, "limit">): SQL {
  const union = sql.join(
    q.kinds.map((kind) => sql`(${kindQuery(kind, q)})`),
    sql` union all `,
  );
  const cheap = sql.join(
    [
      q.dueBy ? sql`c.due_on <= ${q.dueBy}::date` : undefined,
      page?.from
        ? sql`(c.due_on, c.customer_id, c.kind) ${sql.raw(page.backward ? "<" : ">")} (${page.from.dueOn}::date, ${page.from.customerId}::uuid, ${page.from.kind})`
        : undefined,
    ].filter((c): c is SQL => c !== undefined),
    sql` and `,
  );
  const candidates = sql`select * from (${union}) c ${q.dueBy || page?.from ? sql`where ${cheap}` : sql``}
    ${page ? sql`order by ${pageOrder(q, "c", page.backward)}` : sql``} offset 0`;
  const taskCustomer = sql`t.customer_id`;
  // The task's work state (care.table.ts): one probe of its unique key; recurring kinds key on (customer, kind).
  const recurring = textArray(RECURRING_KINDS);
  const state = sql`left join lateral (select s.assignee, s.snoozed_until from care_task_states s
      where s.customer_id = t.customer_id and s.kind = t.kind
        and s.due_on is not distinct from (case when t.kind = any(${recurring}) then null else t.due_on end)) st on true`;
  const snoozed = q.snoozed ? sql`st.snoozed_until > ${q.today}::date` : sql`(st.snoozed_until is null or st.snoozed_until <= ${q.today}::date)`;
  return sql`from (${candidates}) t join ${customers} on ${customers.id} = t.customer_id ${state}
    where ${customers.erasedAt} is null and ${snoozed}${q.assignee !== undefined ? sql` and st.assignee = ${q.assignee}` : sql``} and ${customers.status} in ('ACTIVE', 'SUSPENDED')
      ${q.visibility ? sql`and ${q.visibility}` : sql``}
      and (not t.marketing or (${customers.status} = 'ACTIVE' and not ${customers.processingRestricted}
        and ${marketingConsent(taskCustomer)} and ${underMarketingCapNow(taskCustomer)}))
      and (select true from interactions h where h.customer_id = t.customer_id and h.occurred_at >= t.handled_since
        and case t.handled_by when 'MARKETING' then h.type = 'MARKETING' when 'CARE_VISIT' then h.type = 'CARE' and h.channel in ('VISIT', 'ONSITE')
          else h.type = 'CARE' end limit 1) is null`;
}

type RawTask = {
  customer_id: string;
  kind: CareTaskKind;
  due_on: string;
  evidence: Record<string, unknown> | string;
  marketing: boolean;
  processing_restricted: boolean;
  assignee: string | null;
  snoozed_until: string | null;
};

function toRow(r: RawTask): CareTaskRow {
  return {
    customerId: r.customer_id,
    kind: r.kind,
    dueOn: r.due_on,
    evidence: typeof r.evidence === "string" ? JSON.parse(r.evidence) : r.evidence,
    marketing: r.marketing,
    processingRestricted: r.processing_restricted,
    assignee: r.assignee,
    snoozedUntil: r.snoozed_until,
  };
}

/**
 * Tasks soonest due first, then by customer (a customer's tasks of a day together), keyset on
 * (due_on, customer_id, kind). With the kind last, a page stays an early-stopping walk even when
 * one kind is asked for (a constant kind would otherwise break the sort order the page relies on).
 */
export async function selectCareTasks(
  db: DbOrTx,
  q: CareTaskQuery,
  page?: TaskPage,
): Promise<CareTaskRow[]> {
  if (!q.kinds.length) return [];
  const result = await db.execute(sql`select t.customer_id::text as customer_id, t.kind, t.due_on::text as due_on, t.evidence, t.marketing,
      ${customers.processingRestricted} as processing_restricted, st.assignee, st.snoozed_until::text as snoozed_until
    ${careTaskSource(q, page)}
    order by ${pageOrder(q, "t", page?.backward)} ${page ? sql`limit ${page.limit}` : sql``}`);
  return rowsOf<RawTask>(result).map(toRow);
}

export async function countCareTasks(db: DbOrTx, q: CareTaskQuery): Promise<number> {
  if (!q.kinds.length) return 0;
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n ${careTaskSource(q)}`));
  return Number(row?.n ?? 0);
}
