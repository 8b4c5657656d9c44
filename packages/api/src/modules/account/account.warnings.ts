/**
 * The early-warning hook: after bills are written (the usage feed, `recordUsage` and `tessera
 * import usage`), each key account's latest billed month is checked against its reference
 * (account.rules.ts findWarnings) and every line crossed opens a cause-analysis task for the
 * account manager, in the same transaction as the bills.
 */
import { inArray } from "drizzle-orm";
import type { AuditCollector } from "../../audit/audit.collector.js";
import { diffForAudit } from "../../audit/audit.collector.js";
import type { Tx } from "../../db/client.js";
import { customers } from "../customer/customer.table.js";
import { findWarnings, WARNING_RULE } from "./account.rules.js";
import { insertWarnings, selectRecentBills } from "./account.queries.js";
import type { accountWarnings } from "./account.table.js";

export async function openAccountWarnings(tx: Tx, customerIds: readonly string[], audit: Pick<AuditCollector, "write">): Promise<number> {
  const ids = [...new Set(customerIds)];
  const bills = await selectRecentBills(tx, ids, WARNING_RULE.referenceMonths + 1);
  if (!bills.size) return 0;
  const managers = new Map(
    (await tx.select({ id: customers.id, accountManager: customers.accountManager }).from(customers).where(inArray(customers.id, [...bills.keys()]))).map((r) => [r.id, r.accountManager]),
  );
  const rows: (typeof accountWarnings.$inferInsert)[] = [];
  for (const [customerId, months] of bills) {
    const latest = months.reduce((a, b) => (b.month > a.month ? b : a));
    for (const f of findWarnings(latest, months)) {
      rows.push({ customerId, month: f.month, service: f.service as (typeof accountWarnings.$inferInsert)["service"], reference: f.reference, amount: f.amount, dropPercent: f.dropPercent, accountManager: managers.get(customerId) ?? null });
    }
  }
  const opened = await insertWarnings(tx, rows);
  for (const w of opened) {
    const { id, customerId, month, service, reference, amount, dropPercent, accountManager } = w;
    await audit.write(tx, {
      action: "CREATE",
      customerIds: [customerId],
      fields: ["AccountWarning.reference", "AccountWarning.amount", "AccountWarning.dropPercent", "AccountWarning.accountManager"],
      changes: diffForAudit("AccountWarning", undefined, { id, month, service, reference, amount, dropPercent, accountManager }),
    });
  }
  return opened.length;
}
