import { inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { listRelation } from "../../graphql/prefetch.js";
import { usageMonths, type UsageMonthRow } from "./usage.table.js";

/** The most months `Customer.usage(months)` answers. */
export const MAX_USAGE_MONTHS = 60;

type UsageMonthWithCharges = UsageMonthRow & { charges: { service: string; amount: number }[] };

/** The fields of a usage month as the API reads it: the month's row and its charges per service. */
const USAGE_FIELDS = {
  customerId: usageMonths.customerId,
  month: usageMonths.month,
  voiceMinutes: usageMonths.voiceMinutes,
  smsCount: usageMonths.smsCount,
  dataMb: usageMonths.dataMb,
  billAmount: usageMonths.billAmount,
  paid: usageMonths.paid,
  arrears: usageMonths.arrears,
  charges: sql<{ service: string; amount: number }[]>`coalesce((select jsonb_agg(jsonb_build_object('service', c.service, 'amount', c.amount::float8) order by c.service)
        from usage_charges c where c.customer_id = ${usageMonths.customerId} and c.month = ${usageMonths.month}), '[]'::jsonb)`,
};

/** `Customer.usage(months)` planned into the customer's statement (graphql/prefetch.ts). */
export const usageRelation = listRelation<UsageMonthWithCharges>(
  USAGE_FIELDS,
  (id: SQL) => sql`from ${usageMonths} where ${usageMonths.customerId} = ${id}`,
  sql`${usageMonths.month} desc`,
  ({ months }) => (typeof months === "number" && Number.isInteger(months) && months >= 1 && months <= MAX_USAGE_MONTHS ? months : undefined),
  // A subquery per month, read by UsageMonth.charges alone.
  ["charges"],
);

/** The latest `months` months of each customer, newest first, in one statement. */
export async function selectRecentUsage(db: DbOrTx, customerIds: readonly string[], months: number): Promise<UsageMonthWithCharges[]> {
  const ranked = db
    .select({
      ...USAGE_FIELDS,
      charges: USAGE_FIELDS.charges.as("charges"),
      rank: sql<number>`row_number() over (partition by ${usageMonths.customerId} order by ${usageMonths.month} desc)`.as("rank"),
    })
    .from(usageMonths)
    .where(inArray(usageMonths.customerId, [...customerIds]))
    .as("ranked");
  const rows = await db.select().from(ranked).where(sql`${ranked.rank} <= ${months}`).orderBy(sql`${ranked.month} desc`);
  return rows.map(({ rank: _rank, ...row }) => row);
}

