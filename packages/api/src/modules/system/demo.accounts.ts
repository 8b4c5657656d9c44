/**
 * Demo key accounts (issue 13): the seeded data has enterprise and government customers but no
 * key accounts, so the console's portfolio page would be empty. In a demo database only, this
 * makes a handful of them key accounts — one group with two branches, the others stand-alone —
 * managed by the demo login `DEMO_ACCOUNT_MANAGER`, and lets the real early-warning rule
 * (account.warnings.ts) run over their seeded bills. The seed writes bill totals but no
 * per-service charges, so one account gets a data-line charge for its last months, the latest
 * 22 % below the mean of the three before (the example): at least one warning is open.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { systemAudit } from "../../audit/audit.collector.js";
import type { DbOrTx } from "../../db/client.js";
import { rowsOf } from "../../db/rows.js";
import { KEY_ACCOUNT_TIERS, WARNING_RULE } from "../account/account.rules.js";
import { keyAccounts } from "../account/account.table.js";
import { openAccountWarnings } from "../account/account.warnings.js";
import { customers } from "../customer/customer.table.js";
import { usageCharges, usageMonths } from "../usage/usage.table.js";

export const DEMO_ACCOUNT_MANAGER = "manager";
const DEMO_KEY_ACCOUNTS = 8;
/** The example: a data-line fee 22 % below its reference. */
const DEMO_DROP = 0.22;

/** Creates the demo key accounts once (nothing when any key account exists). Answers how many accounts and warnings it made. */
export async function ensureDemoKeyAccounts(db: DbOrTx): Promise<{ accounts: number; warnings: number }> {
  if ((await db.select({ id: keyAccounts.customerId }).from(keyAccounts).limit(1)).length) return { accounts: 0, warnings: 0 };
  // Organisations with enough billed months for a reference.
  const candidates = rowsOf<{ id: string }>(
    await db.execute(sql`
      select c.id from customers c
      where c.kind in ('ENTERPRISE', 'GOVERNMENT') and c.erased_at is null and c.merged_into is null
        and (select count(*) from usage_months u where u.customer_id = c.id) > ${WARNING_RULE.referenceMonths}
      order by c.id limit ${DEMO_KEY_ACCOUNTS}`),
  ).map((r) => r.id);
  if (!candidates.length) return { accounts: 0, warnings: 0 };
  return db.transaction(async (tx) => {
    await tx.update(customers).set({ accountManager: DEMO_ACCOUNT_MANAGER }).where(inArray(customers.id, candidates));
    const [group, ...rest] = candidates;
    await tx.insert(keyAccounts).values(
      candidates.map((customerId, i) => ({
        customerId,
        tier: KEY_ACCOUNT_TIERS[i % KEY_ACCOUNT_TIERS.length]!,
        // The first account is a group; the next two are its branches.
        groupId: i === 1 || i === 2 ? group! : null,
        networkStructure: i === 0 ? "MPLS VPN between headquarters and branches; dual uplinks" : null,
        productsHeld: ["VOICE", "DATA", "BROADBAND"] as ("VOICE" | "DATA" | "BROADBAND")[],
      })),
    );
    await dropLatestDataFee(tx, rest[0] ?? group!);
    const warnings = await openAccountWarnings(tx, candidates, systemAudit("demoKeyAccounts"));
    return { accounts: candidates.length, warnings };
  });
}

/**
 * Writes a DATA charge for the account's latest months: a third of the mean bill of the months
 * before the latest, and DEMO_DROP less in the latest (its bill lowered by the same amount).
 */
async function dropLatestDataFee(db: DbOrTx, customerId: string) {
  const months = await db
    .select({ month: usageMonths.month, bill: usageMonths.billAmount })
    .from(usageMonths)
    .where(eq(usageMonths.customerId, customerId))
    .orderBy(sql`${usageMonths.month} desc`)
    .limit(WARNING_RULE.referenceMonths + 1);
  const [latest, ...before] = months;
  if (!latest || before.length < WARNING_RULE.referenceMonths) return;
  const reference = Math.max(30, Math.round((before.reduce((sum, m) => sum + Number(m.bill), 0) / before.length / 3) * 100) / 100);
  const dropped = Math.floor(reference * (1 - DEMO_DROP) * 100) / 100;
  await db
    .insert(usageCharges)
    .values([...before.map((m) => ({ customerId, month: m.month, service: "DATA" as const, amount: reference })), { customerId, month: latest.month, service: "DATA" as const, amount: dropped }])
    .onConflictDoNothing();
  await db
    .update(usageMonths)
    .set({ billAmount: sql`greatest(0, ${usageMonths.billAmount} - ${Math.round((reference - dropped) * 100) / 100})` })
    .where(and(eq(usageMonths.customerId, customerId), eq(usageMonths.month, latest.month)));
}
