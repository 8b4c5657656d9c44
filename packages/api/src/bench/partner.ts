import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { customers } from "../modules/customer/customer.table.js";
import { createPartner, issueKey, partnerPrincipal } from "../modules/partner/partner.service.js";
import { customerCondition } from "../privacy/scope.js";

/** Every catalog type W1 selects: the bench partner reads all of them (within its purpose). */
const W1_ALLOWLIST = ["Customer.*", "Identifier.*", "Subscription.*", "UsageMonth.*", "ConsentState.*", "Interaction.*", "Case.*", "Feedback.*"];

/**
 * A partner app for W1P (MARKETING, W1's fields allowed), its API key, and a sampler of the
 * customers it sees, drawn with the customer scope's own condition. The app stays in the
 * database (named bench-<run id>), like the audit rows the bench writes.
 */
export async function benchPartner(database: Database, runId: string): Promise<[(n: number) => Promise<string[]>, { key: string; purpose: string }]> {
  const app = await createPartner(database.db, { name: `bench-${runId}`, purposes: ["MARKETING"], fields: W1_ALLOWLIST });
  const { key } = await issueKey(database.db, app.id);
  const principal = partnerPrincipal(app, "bench");
  const visible = async (n: number) =>
    (
      await database.db
        .select({ id: customers.id })
        .from(customers)
        .where(customerCondition({ principal, purpose: "MARKETING" }, "RECORD"))
        .orderBy(sql`random()`)
        .limit(n)
    ).map((r) => r.id);
  return [visible, { key, purpose: "MARKETING" }];
}
