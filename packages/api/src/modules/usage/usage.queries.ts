import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { usageMonths, type UsageMonthRow } from "./usage.table.js";

/** The latest `months` months of each customer, newest first, in one statement. */
export async function selectRecentUsage(db: DbOrTx, customerIds: readonly string[], months: number): Promise<(UsageMonthRow & { charges: { service: string; amount: number }[] })[]> {
  const ranked = db
    .select({
      customerId: usageMonths.customerId,
      month: usageMonths.month,
      voiceMinutes: usageMonths.voiceMinutes,
      smsCount: usageMonths.smsCount,
      dataMb: usageMonths.dataMb,
      billAmount: usageMonths.billAmount,
      paid: usageMonths.paid,
      arrears: usageMonths.arrears,
      charges: sql<{ service: string; amount: number }[]>`coalesce((select jsonb_agg(jsonb_build_object('service', c.service, 'amount', c.amount::float8) order by c.service)
        from usage_charges c where c.customer_id = ${usageMonths.customerId} and c.month = ${usageMonths.month}), '[]'::jsonb)`.as("charges"),
      rank: sql<number>`row_number() over (partition by ${usageMonths.customerId} order by ${usageMonths.month} desc)`.as("rank"),
    })
    .from(usageMonths)
    .where(inArray(usageMonths.customerId, [...customerIds]))
    .as("ranked");
  const rows = await db.select().from(ranked).where(sql`${ranked.rank} <= ${months}`).orderBy(sql`${ranked.month} desc`);
  return rows.map(({ rank: _rank, ...row }) => row);
}

