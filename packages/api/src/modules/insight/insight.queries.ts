import { executePrepared } from "../../db/prepared.js";
import { getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { sqlArray } from "../../db/arrays.js";
import { rowsOf } from "../../db/rows.js";
import { listRelation } from "../../graphql/prefetch.js";
import { INSIGHT_CONFIG } from "./insight.config.js";
import type { InsightFacts, InsightValues, ScoreFacts, UsageMonthFacts } from "./insight.formulas.js";
import { customerInsight, type CustomerInsightRow } from "./insight.table.js";

/** Which customers a refresh covers: a list of ids, or an id range (after, upTo] of the bulk refresh. */
export type InsightScope = { ids: readonly string[] } | { after: string | null; upTo: string | null };

/** The scope as a condition on a customer-id column. */
function inScope(column: SQL, scope: InsightScope): SQL {
  // One array parameter: the same statement text whatever the number of ids (prepared once).
  if ("ids" in scope) return sql`${column} = any(${sqlArray(scope.ids, "uuid")})`;
  const conditions = [sql`true`];
  if (scope.after) conditions.push(sql`${column} > ${scope.after}::uuid`);
  if (scope.upTo) conditions.push(sql`${column} <= ${scope.upTo}::uuid`);
  return sql.join(conditions, sql` and `);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const monthStart = (d: Date, monthsAgo: number) => isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsAgo, 1)));

/**
 * Complaints of the customers in scope from `since` to `until`: COMPLAINT interactions, plus
 * COMPLAINT cases no complaint interaction records (a case opened directly). One row per
 * complaint; the insight refresh counts them per customer and metrics count them per group.
 * `case_id` is the case the complaint was recorded under (null for a complaint contact without a
 * case): its category is the complaint's root-cause family in metrics.
 */
export function complaintEvents(customerCondition: (column: SQL) => SQL, since: SQL, until: SQL): SQL {
  return sql`
    select i.customer_id, i.occurred_at as at, i.channel::text as channel, i.case_id from interactions i
    where ${customerCondition(sql`i.customer_id`)} and i.type = 'COMPLAINT' and i.occurred_at >= ${since} and i.occurred_at < ${until}
    union all
    select c.customer_id, c.opened_at as at, null as channel, c.id as case_id from cases c
    where ${customerCondition(sql`c.customer_id`)} and c.kind = 'COMPLAINT' and c.opened_at >= ${since} and c.opened_at < ${until}
      and not exists (select 1 from interactions ci where ci.customer_id = c.customer_id and ci.case_id = c.id and ci.type = 'COMPLAINT')`;
}

/**
 * One customer's facts as the single fact statement answers them. Usage months and their charges
 * come as JSON arrays of positional values, unordered: building an object per row, sorting inside
 * the aggregate and casting numeric to float8 (which PostgreSQL does through text) were half of
 * the statement's time. Numbers arrive as numeric's own text, which JSON.parse reads as the same
 * double the float8 cast gave.
 */
interface FactsRow {
  id: string;
  status: InsightFacts["status"];
  created_on: string;
  last_month: string | null;
  /** [month, voice_minutes, sms_count, data_mb, bill_amount, arrears] per month. */
  usage: [string, number, number, number, number, number][] | null;
  /** [month, service, amount] per charge. */
  charges: [string, string, number][] | null;
  first_on: string | null;
  next_end: string | null;
  complaints: number;
  nps: { score: number; ms: number } | null;
  csat: { score: number; ms: number } | null;
}

/** A customer's usage months in month order, each with its per-service charges (in service order) when billing supplied any. */
function usageFacts(usage: FactsRow["usage"], charges: FactsRow["charges"]): UsageMonthFacts[] {
  const byMonth = new Map<string, Record<string, number>>();
  for (const [month, service, amount] of (charges ?? []).sort(([am, as], [bm, bs]) => (am !== bm ? (am < bm ? -1 : 1) : as < bs ? -1 : 1))) {
    let split = byMonth.get(month);
    if (!split) byMonth.set(month, (split = {}));
    split[service] = Number(amount);
  }
  return (usage ?? [])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([month, voiceMinutes, smsCount, dataMb, billAmount, arrears]): UsageMonthFacts => {
      const split = byMonth.get(month);
      return {
        month,
        voiceMinutes: Number(voiceMinutes),
        smsCount: Number(smsCount),
        dataMb: Number(dataMb),
        billAmount: Number(billAmount),
        arrears: Number(arrears),
        ...(split ? { charges: split } : {}),
      };
    });
}

/**
 * The facts of every customer in scope, in one statement whatever the number of customers:
 * each customer's profile row with its recent usage, subscriptions, complaint count and latest
 * NPS/CSAT as correlated subqueries. Every subquery is an index lookup on an index that starts
 * with customer_id (complaints: the partial complaints index), so a feed batch's refresh of a few
 * hundred customers costs one round trip (five before, each waiting for its turn on a loaded
 * machine), and the bulk refresh reads id range after id range.
 */
export async function selectInsightFacts(db: DbOrTx, scope: InsightScope, now: Date): Promise<Map<string, InsightFacts>> {
  const c = INSIGHT_CONFIG;
  const today = isoDay(now);
  const historyStart = monthStart(now, c.historyMonths - 1);
  const complaintsSince = new Date(now.getTime() - c.churn.complaintDays * 86_400_000).toISOString();
  const latestScore = (kind: "NPS" | "CSAT") => sql`(
    select json_build_object('score', f.score::int, 'ms', (extract(epoch from f.submitted_at) * 1000)::float8) from feedback f
    where f.customer_id = cust.id and f.kind = ${kind} and f.score is not null and f.submitted_at <= ${now.toISOString()}::timestamptz
    order by f.submitted_at desc, f.id desc limit 1)`;
  const rows = await executePrepared<FactsRow>(
    db,
    sql`
      select cust.id, cust.status::text as status, (cust.created_at at time zone 'UTC')::date::text as created_on,
        (select max(u.month) from usage_months u where u.customer_id = cust.id)::text as last_month,
        (select json_agg(json_build_array(u.month, u.voice_minutes, u.sms_count, u.data_mb, u.bill_amount, u.arrears))
          from usage_months u where u.customer_id = cust.id and u.month >= ${historyStart}::date and u.month <= ${today}::date) as usage,
        (select json_agg(json_build_array(uc.month, uc.service, uc.amount))
          from usage_charges uc where uc.customer_id = cust.id and uc.month >= ${historyStart}::date and uc.month <= ${today}::date) as charges,
        s.first_on, s.next_end,
        (select count(*)::int from (${complaintEvents((column) => sql`${column} = cust.id`, sql`${complaintsSince}::timestamptz`, sql`${now.toISOString()}::timestamptz`)}) complaints) as complaints,
        ${latestScore("NPS")} as nps, ${latestScore("CSAT")} as csat
      from customers cust
      cross join lateral (
        select min(started_on)::text as first_on, min(contract_end) filter (where status <> 'ENDED' and contract_end >= ${today}::date)::text as next_end
        from subscriptions where customer_id = cust.id) s
      where ${inScope(sql`cust.id`, scope)}`,
  );
  const score = (s: FactsRow["nps"]): ScoreFacts | null => (s ? { score: Number(s.score), submittedAt: new Date(Number(s.ms)) } : null);
  const facts = new Map<string, InsightFacts>();
  for (const row of rows) {
    facts.set(row.id, {
      status: row.status,
      // A subscriber since the first subscription started (a customer may register before).
      customerSince: row.first_on ?? (row.status === "PROSPECT" ? null : row.created_on),
      usage: usageFacts(row.usage, row.charges),
      lastUsageMonth: row.last_month,
      nextContractEnd: row.next_end,
      recentComplaints: Number(row.complaints),
      latestNps: score(row.nps),
      latestCsat: score(row.csat),
    });
  }
  return facts;
}

/** Inserts or replaces the insight rows, in one statement (the rows travel as one JSON parameter). */
/**
 * Writes the rows; answers the customers whose churn level crossed to HIGH from a stored lower
 * level (a first computation is not a crossing: a bulk load would announce every high-risk customer).
 */
export async function upsertInsight(db: DbOrTx, rows: { customerId: string; values: InsightValues }[], computedAt: Date): Promise<string[]> {
  if (!rows.length) return [];
  const json = JSON.stringify(
    rows.map(({ customerId, values: v }) => ({
      customer_id: customerId,
      arpu: v.arpu,
      tenure_months: v.tenureMonths,
      clv: v.clv,
      value_tier: v.valueTier,
      lifecycle_stage: v.lifecycleStage,
      churn_score: v.churnScore,
      churn_level: v.churnLevel,
      reasons: v.reasons,
      nps: v.nps,
      csat: v.csat,
    })),
  );
  const crossed = await executePrepared<{ customer_id: string }>(
    db,
    sql`
    with incoming as (select * from jsonb_to_recordset(${json}::jsonb) as x(customer_id uuid, arpu numeric, tenure_months int, clv numeric, value_tier text,
      lifecycle_stage text, churn_score smallint, churn_level text, reasons jsonb, nps smallint, csat smallint)),
    previous as (select ci.customer_id, ci.churn_level from customer_insight ci where ci.customer_id in (select customer_id from incoming)),
    written as (
    insert into customer_insight (customer_id, arpu, tenure_months, clv, value_tier, lifecycle_stage, churn_score, churn_level, reasons, nps, csat, computed_at)
    select x.customer_id, x.arpu, x.tenure_months, x.clv, x.value_tier::value_tier, x.lifecycle_stage::lifecycle_stage, x.churn_score,
      x.churn_level::churn_level, x.reasons, x.nps, x.csat, ${computedAt.toISOString()}::timestamptz
    from incoming x
    -- A customer deleted since its facts were read has nothing left to describe.
    where exists (select 1 from customers c where c.id = x.customer_id)
    on conflict (customer_id) do update set
      arpu = excluded.arpu, tenure_months = excluded.tenure_months, clv = excluded.clv, value_tier = excluded.value_tier,
      lifecycle_stage = excluded.lifecycle_stage, churn_score = excluded.churn_score, churn_level = excluded.churn_level,
      reasons = excluded.reasons, nps = excluded.nps, csat = excluded.csat, computed_at = excluded.computed_at
    returning customer_id, churn_level)
    select w.customer_id from written w join previous p on p.customer_id = w.customer_id where w.churn_level = 'HIGH' and p.churn_level <> 'HIGH'`,
  );
  return crossed.map((r) => r.customer_id);
}

/** The id closing the next bulk-refresh batch of `size` customers after `after`; null when fewer remain. */
export async function selectBatchEnd(db: DbOrTx, after: string | null, size: number): Promise<string | null> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`select id from customers ${after ? sql`where id > ${after}::uuid` : sql``} order by id offset ${size - 1} limit 1`),
  );
  return rows[0]?.id ?? null;
}

export async function countAllCustomers(db: DbOrTx): Promise<number> {
  const rows = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from customers`));
  return Number(rows[0]?.n ?? 0);
}

/** `Customer.insight` (at most one row) planned into the customer's statement (graphql/prefetch.ts). */
export const insightRelation = listRelation<CustomerInsightRow>(getTableColumns(customerInsight), (id: SQL) => sql`from ${customerInsight} where ${customerInsight.customerId} = ${id}`, sql`${customerInsight.customerId}`);

export function selectInsightOfCustomers(db: DbOrTx, customerIds: readonly string[]): Promise<CustomerInsightRow[]> {
  return db.select().from(customerInsight).where(inArray(customerInsight.customerId, [...customerIds]));
}

export interface InsightDistribution {
  valueTier: Record<string, number>;
  lifecycleStage: Record<string, number>;
  churnLevel: Record<string, number>;
}

/** How many customers are in each tier, stage and churn level (one statement, grouping sets). */
export async function selectInsightDistribution(db: DbOrTx): Promise<InsightDistribution> {
  const rows = rowsOf<{ value_tier: string | null; lifecycle_stage: string | null; churn_level: string | null; n: number }>(
    await db.execute(sql`
      select value_tier::text, lifecycle_stage::text, churn_level::text, count(*)::int as n from customer_insight
      group by grouping sets ((value_tier), (lifecycle_stage), (churn_level))`),
  );
  const out: InsightDistribution = { valueTier: {}, lifecycleStage: {}, churnLevel: {} };
  for (const r of rows) {
    if (r.value_tier) out.valueTier[r.value_tier] = Number(r.n);
    else if (r.lifecycle_stage) out.lifecycleStage[r.lifecycle_stage] = Number(r.n);
    else if (r.churn_level) out.churnLevel[r.churn_level] = Number(r.n);
  }
  return out;
}
