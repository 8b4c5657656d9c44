import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { rowsOf } from "../../db/rows.js";
import { isEffectiveGrant, latestConsentEvents } from "../../privacy/scope.js";
import { complaintEvents } from "../insight/insight.queries.js";
import { INSIGHT_CONFIG } from "../insight/insight.config.js";
import { csatAggregate, npsAggregate, satisfactionExpectationAggregate } from "../insight/insight.sql.js";
import { caseAspect } from "./metrics.aspects.js";

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
 * `base` (the customers analytics may use: id, region, city) and `members` (key, label, customer_id).
 */
export interface MetricsGrouping {
  /** Who each group counts: (key, label, customer_id), one row per customer and group. */
  members: SQL;
  /** The key of an event row of customer `customerId` at `at` through `channel` about `aspect` (network, service, product, price, overall). */
  eventKey: (event: MetricsEvent) => { key: SQL; join: SQL };
  /** Churn is measured per calendar month (MONTH) rather than over the whole window, per member. */
  monthlyChurn?: boolean;
}

export interface MetricsEvent {
  customerId: SQL;
  at: SQL;
  channel: SQL;
  aspect: SQL;
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
    monthlyChurn: true,
  }),
  REGION: (): MetricsGrouping => ({
    members: sql`select coalesce(base.region, 'UNKNOWN') as key, coalesce(base.region, 'UNKNOWN') as label, base.id as customer_id from base`,
    eventKey: byMember,
  }),
  CITY: (): MetricsGrouping => ({
    members: sql`select coalesce(base.city, 'UNKNOWN') as key, coalesce(base.city, 'UNKNOWN') as label, base.id as customer_id from base`,
    eventKey: byMember,
  }),
  /**
   * Events by what they are about: feedback by its aspect, cases and their contacts by their
   * category's aspect (metrics.aspects.ts); a contact without a case is OVERALL. Customers are
   * those who gave feedback on the aspect or opened a case of it in the window.
   */
  ASPECT: (w: MetricsWindow): MetricsGrouping => ({
    members: sql`select distinct x.aspect as key, x.aspect as label, x.customer_id from (
        select f.aspect::text as aspect, f.customer_id from feedback f
        where f.submitted_at >= ${w.from}::timestamptz and f.submitted_at < ${w.to}::timestamptz
        union all
        select ${caseAspect(sql`c.category`)} as aspect, c.customer_id from cases c
        where c.opened_at >= ${w.from}::timestamptz and c.opened_at < ${w.to}::timestamptz
      ) x join base on base.id = x.customer_id`,
    eventKey: ({ aspect }) => ({ key: sql`coalesce(${aspect}, 'OVERALL')`, join: sql`` }),
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
  active_at_start: number;
  churned: number;
  churn_rate: number | null;
  first_responses: number;
  first_response_mean_hours: number | null;
  first_response_median_hours: number | null;
  root_causes: Record<string, number> | null;
  contacts: number;
  contacts_surveyed: number;
  survey_coverage: number | null;
}

/** Interaction types that are service contacts a satisfaction survey may follow (not outbound care/marketing, not the survey itself). */
export const SURVEYABLE_CONTACT_TYPES = ["CONSULTATION", "COMPLAINT", "FAULT_REPORT", "TRANSACTION", "COMPLIMENT"] as const;

/**
 * Every metric of every group in one statement: GROUP BY and FILTER aggregates over feedback,
 * complaints, cases, stored insight and the consent ledger's current state. `customerScope`
 * limits the customers analytics may use (visibility; restricted customers are left out).
 */
export async function selectMetrics(db: DbOrTx, grouping: MetricsGrouping, w: MetricsWindow, customerScope: SQL): Promise<MetricsDbRow[]> {
  const from = sql`${w.from}::timestamptz`;
  const to = sql`${w.to}::timestamptz`;
  const feedbackKey = grouping.eventKey({ customerId: sql`f.customer_id`, at: sql`f.submitted_at`, channel: sql`f.channel::text`, aspect: sql`f.aspect::text` });
  const complaintKey = grouping.eventKey({ customerId: sql`ce.customer_id`, at: sql`ce.at`, channel: sql`ce.channel`, aspect: sql`ce.aspect` });
  const intakeChannel = sql`(select i.channel::text from interactions i where i.customer_id = c.customer_id and i.case_id = c.id order by i.occurred_at limit 1)`;
  const caseAspectOf = caseAspect(sql`c.category`);
  const caseKey = grouping.eventKey({ customerId: sql`c.customer_id`, at: sql`c.due_at`, channel: intakeChannel, aspect: caseAspectOf });
  const openedKey = grouping.eventKey({ customerId: sql`c.customer_id`, at: sql`c.opened_at`, channel: intakeChannel, aspect: caseAspectOf });
  const contactKey = grouping.eventKey({ customerId: sql`ct.customer_id`, at: sql`ct.occurred_at`, channel: sql`ct.channel`, aspect: sql`ct.aspect` });
  // Churn: the lifecycle's passive-churn rule (insight.formulas.ts lifecycleStage) at the start and at the end of each period.
  const deadMonths = INSIGHT_CONFIG.lifecycle.churnedZeroMonths;
  const currentMonth = sql`date_trunc('month', now() at time zone 'UTC')::date`;
  const periods = grouping.monthlyChurn
    ? sql`select gs::date as start_month, gs::date as end_month
        from generate_series(${w.firstMonth}::date, least(${w.lastMonth}::date, ${currentMonth}), interval '1 month') gs`
    : sql`select ${w.firstMonth}::date as start_month, least(${w.lastMonth}::date, ${currentMonth}) as end_month`;
  const churnKey = grouping.monthlyChurn
    ? { key: sql`to_char(rb.start_month, 'YYYY-MM')`, join: sql`` }
    : byMember({ customerId: sql`rb.customer_id` });
  const monthsBefore = (month: SQL, n: number) => sql`(${month} - ${sql.raw(`interval '${n} months'`)})::date`;
  const liveMonth = sql`u.customer_id in (select id from base) and (u.voice_minutes > 0 or u.bill_amount > 0)`;
  // Per customer and period: live in one of the 3 months before its start; live in one of the 3 months up to its end.
  const windowRb = sql`select u.customer_id, p.start_month,
      bool_or(u.month >= ${monthsBefore(sql`p.start_month`, deadMonths)} and u.month < p.start_month) as active_at_start,
      bool_or(u.month > ${monthsBefore(sql`p.end_month`, deadMonths)} and u.month <= p.end_month) as alive_at_end
    from usage_months u join periods p on u.month >= ${monthsBefore(sql`p.start_month`, deadMonths)} and u.month <= p.end_month
    where ${liveMonth} and p.end_month >= p.start_month
    group by 1, 2`;
  // The same per calendar month, by equality: a live month k months before month M (k = 0..3)
  // makes the customer active at M's start when k ≥ 1 and alive at its end when k < 3.
  const monthlyRb = sql`select u.customer_id, p.start_month,
      bool_or(k.k >= 1) as active_at_start, bool_or(k.k < ${deadMonths}) as alive_at_end
    from usage_months u cross join generate_series(0, ${deadMonths}) k(k)
      join periods p on p.start_month = (u.month + k.k * interval '1 month')::date
    where ${liveMonth} and u.month >= ${monthsBefore(sql`${w.firstMonth}::date`, deadMonths)} and u.month <= ${w.lastMonth}::date
    group by 1, 2`;
  const result = await db.execute(sql`
    with base as (
      select customers.id, customers.region, customers.city from customers where ${customerScope}
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
    ce as (
      select ce.*, cc.category::text as category, coalesce(${caseAspect(sql`cc.category`)}, 'OVERALL') as aspect
      from (${complaintEvents((column) => sql`${column} in (select id from base)`, from, to)}) ce
        left join cases cc on cc.id = ce.case_id
    ),
    cp_agg as (
      select ${complaintKey.key} as key, count(*)::int as complaints from ce ${complaintKey.join} group by 1
    ),
    rc_agg as (
      select x.key, jsonb_object_agg(x.category, x.n) as root_causes
      from (select ${complaintKey.key} as key, ce.category, count(*)::int as n from ce ${complaintKey.join} where ce.category is not null group by 1, 2) x
      group by x.key
    ),
    fr_agg as (
      select ${openedKey.key} as key, count(*)::int as first_responses,
        round(avg(h.hours)::numeric, 2)::float8 as mean_hours,
        round((percentile_cont(0.5) within group (order by h.hours))::numeric, 2)::float8 as median_hours
      from cases c ${openedKey.join}
        cross join lateral (select extract(epoch from (c.first_response_at - c.opened_at)) / 3600.0 as hours) h
      where c.customer_id in (select id from base) and c.opened_at >= ${from} and c.opened_at < ${to} and c.first_response_at is not null
      group by 1
    ),
    ct as (
      select i.id, i.customer_id, i.occurred_at, i.channel::text as channel, i.case_id,
        coalesce(${caseAspect(sql`ic.category`)}, 'OVERALL') as aspect
      from interactions i left join cases ic on ic.id = i.case_id
      where i.customer_id in (select id from base) and i.occurred_at >= ${from} and i.occurred_at < ${to}
        and i.type::text in (${sql.join(SURVEYABLE_CONTACT_TYPES.map((t) => sql`${t}`), sql`, `)})
    ),
    answered as (
      -- An answer comes after the contact it rates, so answers before the window rate none of its contacts.
      select f.interaction_id, f.case_id from feedback f where f.customer_id in (select id from base) and f.submitted_at >= ${from}
    ),
    sv_agg as (
      select ${contactKey.key} as key, count(*)::int as contacts,
        (count(*) filter (where ct.id in (select interaction_id from answered where interaction_id is not null)
          or ct.case_id in (select case_id from answered where case_id is not null)))::int as surveyed
      from ct ${contactKey.join} group by 1
    ),
    periods as (${periods}),
    rb as (${grouping.monthlyChurn ? monthlyRb : windowRb}),
    ch_agg as (
      select ${churnKey.key} as key, count(*)::int as active_at_start, (count(*) filter (where not rb.alive_at_end))::int as churned
      from rb ${churnKey.join} where rb.active_at_start group by 1
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
    keys as (
      select key from pop union select key from fb_agg union select key from cp_agg union select key from cs_agg
      union select key from fr_agg union select key from sv_agg union select key from ch_agg
    )
    select k.key, coalesce(pop.label, k.key) as label, coalesce(pop.customers, 0) as customers,
      fb_agg.nps, coalesce(fb_agg.nps_responses, 0) as nps_responses, fb_agg.csat, coalesce(fb_agg.csat_responses, 0) as csat_responses,
      fb_agg.satisfaction_expectation,
      coalesce(cp_agg.complaints, 0) as complaints,
      round(1000.0 * coalesce(cp_agg.complaints, 0) / nullif(pop.customers, 0), 2)::float8 as complaint_rate_per_1000,
      coalesce(cs_agg.cases_due, 0) as cases_due,
      round(100.0 * cs_agg.on_time / nullif(cs_agg.cases_due, 0), 1)::float8 as sla_compliance,
      coalesce(churn.low, 0) as low, coalesce(churn.medium, 0) as medium, coalesce(churn.high, 0) as high,
      cov.coverage,
      coalesce(ch_agg.active_at_start, 0) as active_at_start, coalesce(ch_agg.churned, 0) as churned,
      round(100.0 * ch_agg.churned / nullif(ch_agg.active_at_start, 0), 1)::float8 as churn_rate,
      coalesce(fr_agg.first_responses, 0) as first_responses, fr_agg.mean_hours as first_response_mean_hours, fr_agg.median_hours as first_response_median_hours,
      rc_agg.root_causes,
      coalesce(sv_agg.contacts, 0) as contacts, coalesce(sv_agg.surveyed, 0) as contacts_surveyed,
      round(100.0 * sv_agg.surveyed / nullif(sv_agg.contacts, 0), 1)::float8 as survey_coverage
    from keys k
      left join pop on pop.key = k.key
      left join fb_agg on fb_agg.key = k.key
      left join cp_agg on cp_agg.key = k.key
      left join cs_agg on cs_agg.key = k.key
      left join churn on churn.key = k.key
      left join cov on cov.key = k.key
      left join ch_agg on ch_agg.key = k.key
      left join fr_agg on fr_agg.key = k.key
      left join rc_agg on rc_agg.key = k.key
      left join sv_agg on sv_agg.key = k.key
    where k.key is not null
    order by k.key`);
  return rowsOf<MetricsDbRow>(result);
}
