import { problem } from "@tessera/schema/problems";
/**
 * The usage feed (`recordUsage`, `tessera import usage`): a customer's volumes, bill and
 * per-service charges of one month, upserted by (customer, month). Absent values are kept;
 * charges, when given, replace the month's charges (they are the bill's split, a whole).
 */
import { sql } from "drizzle-orm";
import type { InputValidator } from "../../lib/validation.js";
import { openAccountWarnings } from "../account/account.warnings.js";
import { checkCustomerRef } from "../feed/feed.customer-ref.js";
import type { FeedEntity, MergeRow } from "../feed/feed.run.js";
import { execRows } from "../feed/feed.sql.js";
import type { UsageFeedInput } from "./usage.inputs.js";
import { billedService } from "./usage.table.js";

interface Item {
  month: string;
  voiceMinutes?: number;
  smsCount?: number;
  dataMb?: number;
  billAmount?: number;
  paid?: boolean;
  arrears?: number;
  charges?: Record<string, number>;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])(-\d{2})?$/;

/** The instant a month's record belongs to: its last moment (the bill goes to who held the number then), never later than now. */
function recordTime(month: string): Date {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return new Date(Math.min(Date.UTC(y, m, 1) - 1, Date.now()));
}

export const usageFeed: FeedEntity<UsageFeedInput, Item> = {
  name: "usage",
  arg: "usage",
  auditType: "UsageMonth",
  auditFields: ["UsageMonth.voiceMinutes", "UsageMonth.smsCount", "UsageMonth.dataMb", "UsageMonth.billAmount", "UsageMonth.paid", "UsageMonth.arrears", "UsageMonth.charges"],
  columns: [
    { name: "customer_id", type: "uuid" },
    { name: "month", type: "date" },
    { name: "voice_minutes", type: "int" },
    { name: "sms_count", type: "int" },
    { name: "data_mb", type: "int" },
    { name: "bill_amount", type: "numeric" },
    { name: "paid", type: "boolean" },
    { name: "arrears", type: "numeric" },
    { name: "charges", type: "jsonb" },
  ],
  keyField: "month",
  repeats: "reject",
  externalIdOf: (input) => input.customer?.externalId ?? null,
  keyOf: (item, customerId) => `${customerId}:${item.month}`,
  prepare(v: InputValidator, input) {
    const match = typeof input.month === "string" ? MONTH.exec(input.month.trim()) : null;
    if (!match) v.fail("month", problem("NOT_A_MONTH"));
    const month = match ? `${match[1]}-${match[2]}-01` : "";
    if (match && month > new Date().toISOString().slice(0, 10)) v.fail("month", problem("IN_FUTURE"));
    v.number("voiceMinutes", input.voiceMinutes, { integer: true, max: 1_000_000 });
    v.number("smsCount", input.smsCount, { integer: true, max: 1_000_000 });
    v.number("dataMb", input.dataMb, { integer: true, max: 100_000_000 });
    v.number("billAmount", input.billAmount, { max: 10_000_000 });
    v.number("arrears", input.arrears, { max: 10_000_000 });
    let charges: Record<string, number> | undefined;
    if (input.charges != null) {
      charges = {};
      input.charges.forEach((charge, i) => {
        v.oneOf(`charges[${i}].service`, charge.service, billedService.enumValues);
        v.number(`charges[${i}].amount`, charge.amount, { max: 10_000_000 });
        if (charges![charge.service] !== undefined) v.fail(`charges[${i}].service`, problem("SERVICE_TWICE", { service: charge.service }));
        charges![charge.service] = charge.amount;
      });
    }
    const ref = checkCustomerRef(v, "customer", input.customer, match ? recordTime(month) : new Date());
    const item: Item = { month, voiceMinutes: input.voiceMinutes, smsCount: input.smsCount, dataMb: input.dataMb, billAmount: input.billAmount, paid: input.paid, arrears: input.arrears, charges };
    return { item, ref };
  },
  toRow: (item, customerId) => ({
    customer_id: customerId,
    month: item.month,
    voice_minutes: item.voiceMinutes ?? null,
    sms_count: item.smsCount ?? null,
    data_mb: item.dataMb ?? null,
    bill_amount: item.billAmount ?? null,
    paid: item.paid ?? null,
    arrears: item.arrears ?? null,
    charges: item.charges ?? null,
  }),
  async merge(tx, source) {
    // New values: given ones, else stored ones, else the column defaults; a bill defaults to its charges' sum.
    const rows = await execRows<MergeRow & { month: string; charges: Record<string, number> | null }>(
      tx,
      sql`
      with x as materialized (select * from ${source.relation}),
      n as (
        select x.idx, x.customer_id, x.month, x.charges as given_charges, o.customer_id is not null as existed,
          coalesce(x.voice_minutes, o.voice_minutes, 0) as voice_minutes, coalesce(x.sms_count, o.sms_count, 0) as sms_count,
          coalesce(x.data_mb, o.data_mb, 0) as data_mb,
          coalesce(x.bill_amount, (select sum(value::numeric) from jsonb_each_text(x.charges)), o.bill_amount, 0)::numeric(12, 2) as bill_amount,
          coalesce(x.paid, o.paid, true) as paid, coalesce(x.arrears, o.arrears, 0)::numeric(12, 2) as arrears,
          coalesce(oc.charges, '{}'::jsonb) as old_charges,
          case when o.customer_id is null then null else jsonb_build_object('voiceMinutes', o.voice_minutes, 'smsCount', o.sms_count, 'dataMb', o.data_mb,
            'billAmount', o.bill_amount, 'paid', o.paid, 'arrears', o.arrears, 'charges', coalesce(oc.charges, '{}'::jsonb)) end as before
        from x left join usage_months o on o.customer_id = x.customer_id and o.month = x.month
        left join lateral (select jsonb_object_agg(c.service, c.amount) as charges from usage_charges c
          where c.customer_id = x.customer_id and c.month = x.month) oc on true),
      d as (
        select n.*, jsonb_build_object('voiceMinutes', n.voice_minutes, 'smsCount', n.sms_count, 'dataMb', n.data_mb, 'billAmount', n.bill_amount,
          'paid', n.paid, 'arrears', n.arrears, 'charges', coalesce(n.given_charges, n.old_charges)) as after
        from n),
      w as (
        insert into usage_months (customer_id, month, voice_minutes, sms_count, data_mb, bill_amount, paid, arrears)
        select customer_id, month, voice_minutes, sms_count, data_mb, bill_amount, paid, arrears from d
        where d.before is null or d.before <> d.after
        on conflict (customer_id, month) do update set voice_minutes = excluded.voice_minutes, sms_count = excluded.sms_count,
          data_mb = excluded.data_mb, bill_amount = excluded.bill_amount, paid = excluded.paid, arrears = excluded.arrears
        returning customer_id, month)
      select d.idx, case when d.existed then 'updated' else 'inserted' end as outcome, d.customer_id, d.before, d.after,
        d.month::text as month, d.given_charges as charges
      from d join w on w.customer_id = d.customer_id and w.month = d.month`,
    );
    // Given charges replace the month's split (after the month row exists: charges reference it).
    const replaced = rows.filter((r) => r.charges).map((r) => ({ customer_id: r.customer_id, month: r.month, charges: r.charges }));
    if (replaced.length) {
      const months = sql`jsonb_to_recordset(${JSON.stringify(replaced)}::jsonb) as m(customer_id uuid, month date, charges jsonb)`;
      await tx.execute(sql`delete from usage_charges c using ${months} where c.customer_id = m.customer_id and c.month = m.month`);
      await tx.execute(sql`
        insert into usage_charges (customer_id, month, service, amount)
        select m.customer_id, m.month, e.key::billed_service, e.value::numeric from ${months}, jsonb_each_text(m.charges) e`);
    }
    return rows;
  },
  refreshesInsight: true,
  // A key account's new bill may cross the early-warning line (account.rules.ts WARNING_RULE).
  afterWrite: (tx, customerIds, writer) => openAccountWarnings(tx, customerIds, writer.audit),
};
