import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { rowsOf } from "../../db/rows.js";
import { isEffectiveGrant, latestConsentEvents } from "../../privacy/scope.js";
import { complaintEvents } from "../insight/insight.queries.js";
import { csatAggregate, npsAggregate, satisfactionExpectationAggregate } from "../insight/insight.sql.js";

export interface MetricsWindow {
  /** ISO instants, [from, to). */
  from: string;
  to: string;
  /** First and last month (YYYY-MM-01) the window touches. */
  firstMonth: string;
  lastMonth: string;
}

/**
 * How one grouping keys customers and events. Every relation is a SQL fragment over the CTEs
 * `base` (the customers analytics may use: id, region) and `members` (key, label, customer_id).
 */
export interface MetricsGrouping {
  /** Who each group counts: (key, label, customer_id), one row per customer and group. */
  members: SQL;
  /** The key of an event row of customer `customerId` at `at` through `channel`. */
  eventKey: (event: { customerId: SQL; at: SQL; channel: SQL }) => { key: SQL; join: SQL };
}

const monthKey = (at: SQL) => sql`to_char(${at} at time zone 'UTC', 'YYYY-MM')`;

/** Events keyed through the group's members (region, tier, segment): one row per event and group. */
const byMember = ({ customerId }: { customerId: SQL }) => ({ key: sql`m.key`, join: sql`join members m on m.customer_id = ${customerId}` });

export const GROUPINGS = {
  MONTH: (w: MetricsWindow): MetricsGrouping => ({
    members: sql`select to_char(u.month, 'YYYY-MM') as key, to_char(u.month, 'YYYY-MM') as label, u.customer_id
      from usage_months u join base on base.id = u.customer_id
      where u.month between ${w.firstMonth}::date and ${w.lastMonth}::date`,
    eventKey: ({ at }) => ({ key: monthKey(at), join: sql`` }),
  }),
  REGION: (): MetricsGrouping => ({
    members: sql`select coalesce(base.region, 'UNKNOWN') as key, coalesce(base.region, 'UNKNOWN') as label, base.id as customer_id from base`,
    eventKey: byMember,
  }),
  CHANNEL: (w: MetricsWindow): MetricsGrouping => ({
    members: sql`select distinct i.channel::text as key, i.channel::text as label, i.customer_id
      from interactions i join base on base.id = i.customer_id
      where i.occurred_at >= ${w.from}::timestamptz and i.occurred_at < ${w.to}::timestamptz`,
    eventKey: ({ channel }) => ({ key: sql`coalesce(${channel}, 'UNKNOWN')`, join: sql`` }),
  }),
  TIER: (): MetricsGrouping => ({
    members: sql`select ci.value_tier::text as key, ci.value_tier::text as label, ci.customer_id
      from customer_insight ci join base on base.id = ci.customer_id`,
    eventKey: byMember,
  }),
  /** `segments`: each segment's id, name and compiled condition over customers ⟕ customer_insight. */
  SEGMENT: (segments: { id: string; name: string; condition: SQL }[]): MetricsGrouping => ({
    members: segments.length
      ? sql.join(
          segments.map(
            (s) => sql`select ${s.id}::text as key, ${s.name}::text as label, customers.id as customer_id
              from customers left join customer_insight on customer_insight.customer_id = customers.id
              where customers.id in (select id from base) and ${s.condition}`,
          ),
          sql` union all `,
        )
      : sql`select null::text as key, null::text as label, null::uuid as customer_id where false`,
    eventKey: byMember,
  }),
} as const;

export interface MetricsDbRow {
  key: string;
  label: string;
  customers: number;
  nps: number | null;
  nps_responses: number;
  csat: number | null;
  csat_responses: number;
  satisfaction_expectation: number | null;
  complaints: number;
  complaint_rate_per_1000: number | null;
  cases_due: number;
  sla_compliance: number | null;
  low: number;
  medium: number;
  high: number;
  coverage: Record<string, number> | null;
}

/**
 * Every metric of every group in one statement: GROUP BY and FILTER aggregates over feedback,
 * complaints, cases, stored insight and the consent ledger's current state. `customerScope`
 * limits the customers analytics may use (visibility; restricted customers are left out).
 */
export async function selectMetrics(db: DbOrTx, grouping: MetricsGrouping, w: MetricsWindow, customerScope: SQL): Promise<MetricsDbRow[]> {
  const from = sql`${w.from}::timestamptz`;
  const to = sql`${w.to}::timestamptz`;
  const feedbackKey = grouping.eventKey({ customerId: sql`f.customer_id`, at: sql`f.submitted_at`, channel: sql`f.channel::text` });
  const complaintKey = grouping.eventKey({ customerId: sql`ce.customer_id`, at: sql`ce.at`, channel: sql`ce.channel` });
  const intakeChannel = sql`(select i.channel::text from interactions i where i.customer_id = c.customer_id and i.case_id = c.id order by i.occurred_at limit 1)`;
  const caseKey = grouping.eventKey({ customerId: sql`c.customer_id`, at: sql`c.due_at`, channel: intakeChannel });
  const result = await db.execute(sql`
    with base as (
      select customers.id, customers.region from customers where ${customerScope}
    ),
    members as (${grouping.members}),
    pop as (select key, max(label) as label, count(*)::int as customers from members group by key),
    fb as (
      select ${feedbackKey.key} as key, f.kind::text as kind, f.score from feedback f ${feedbackKey.join}
      where f.customer_id in (select id from base) and f.submitted_at >= ${from} and f.submitted_at < ${to}
        and f.kind in ('NPS', 'CSAT') and f.score is not null
    ),
    fb_agg as (
      select key,
        ${npsAggregate(sql`score`, sql`kind = 'NPS'`)} as nps, (count(*) filter (where kind = 'NPS'))::int as nps_responses,
        ${csatAggregate(sql`score`, sql`kind = 'CSAT'`)} as csat, (count(*) filter (where kind = 'CSAT'))::int as csat_responses,
        ${satisfactionExpectationAggregate(sql`score`, sql`kind = 'CSAT'`)} as satisfaction_expectation
      from fb group by key
    ),
    cp_agg as (
      select ${complaintKey.key} as key, count(*)::int as complaints
      from (${complaintEvents((column) => sql`${column} in (select id from base)`, from, to)}) ce ${complaintKey.join}
      group by 1
    ),
    cs_agg as (
      select ${caseKey.key} as key, count(*)::int as cases_due,
        (count(*) filter (where c.resolved_at is not null and c.resolved_at <= c.due_at))::int as on_time
      from cases c ${caseKey.join}
      where c.customer_id in (select id from base) and c.due_at >= ${from} and c.due_at < least(${to}, now())
      group by 1
    ),
    churn as (
      select m.key, (count(*) filter (where ci.churn_level = 'LOW'))::int as low, (count(*) filter (where ci.churn_level = 'MEDIUM'))::int as medium,
        (count(*) filter (where ci.churn_level = 'HIGH'))::int as high
      from members m join customer_insight ci on ci.customer_id = m.customer_id group by m.key
    ),
    latest_consent as (${latestConsentEvents(sql`e.customer_id in (select customer_id from members)`)}),
    granted as (select distinct lc.customer_id, lc.purpose::text as purpose from latest_consent lc where ${isEffectiveGrant(sql`lc`)}),
    cov as (
      select x.key, jsonb_object_agg(x.purpose, round(100.0 * x.n / p.customers, 1)::float8) as coverage
      from (select m.key, g.purpose, count(*) as n from members m join granted g on g.customer_id = m.customer_id group by 1, 2) x
      join pop p on p.key = x.key group by x.key
    ),
    keys as (select key from pop union select key from fb_agg union select key from cp_agg union select key from cs_agg)
    select k.key, coalesce(pop.label, k.key) as label, coalesce(pop.customers, 0) as customers,
      fb_agg.nps, coalesce(fb_agg.nps_responses, 0) as nps_responses, fb_agg.csat, coalesce(fb_agg.csat_responses, 0) as csat_responses,
      fb_agg.satisfaction_expectation,
      coalesce(cp_agg.complaints, 0) as complaints,
      round(1000.0 * coalesce(cp_agg.complaints, 0) / nullif(pop.customers, 0), 2)::float8 as complaint_rate_per_1000,
      coalesce(cs_agg.cases_due, 0) as cases_due,
      round(100.0 * cs_agg.on_time / nullif(cs_agg.cases_due, 0), 1)::float8 as sla_compliance,
      coalesce(churn.low, 0) as low, coalesce(churn.medium, 0) as medium, coalesce(churn.high, 0) as high,
      cov.coverage
    from keys k
      left join pop on pop.key = k.key
      left join fb_agg on fb_agg.key = k.key
      left join cp_agg on cp_agg.key = k.key
      left join cs_agg on cs_agg.key = k.key
      left join churn on churn.key = k.key
      left join cov on cov.key = k.key
    where k.key is not null
    order by k.key`);
  return rowsOf<MetricsDbRow>(result);
}
