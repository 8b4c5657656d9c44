import { release } from "../../privacy/scope.js";
import type { DbOrTx } from "../../db/client.js";
import type { GraphQLResolveInfo } from "graphql";
import { plannedValue } from "../../graphql/prefetch.js";
import type { Context } from "../../graphql/context.js";
import type { Subject } from "../../privacy/policy.js";
import { insightLoaders } from "./insight.loaders.js";
import { selectInsightOfCustomers } from "./insight.queries.js";
import type { CustomerInsightRow } from "./insight.table.js";
import type { InsightShape } from "./insight.type.js";

function toShape(row: CustomerInsightRow): InsightShape {
  return {
    arpu: row.arpu,
    tenureMonths: row.tenureMonths,
    clv: row.clv,
    valueTier: row.valueTier,
    lifecycleStage: row.lifecycleStage,
    churnRisk: { score: row.churnScore, level: row.churnLevel, reasons: row.reasons },
    nps: row.nps,
    csat: row.csat,
    computedAt: row.computedAt,
  };
}

/**
 * A customer's stored insight, batched across the customers of the enclosing page and masked
 * by the policy as it leaves the data layer: insight is DERIVED data in the catalog, and
 * `churnRisk` (score, level, reasons with evidence) is one catalog field, shown or withheld
 * whole. Null until the customer's insight was first computed.
 */
export async function customerInsight(ctx: Context, customer: Subject & { id: string }, info?: GraphQLResolveInfo): Promise<InsightShape | null> {
  const [row] = plannedValue<CustomerInsightRow[]>(customer, info) ?? (await ctx.loaders.of(insightLoaders, ctx).insightByCustomerId.load(customer.id));
  return row ? (release(ctx, "Insight", [toShape(row)], customer)[0] ?? null) : null;
}

/** The stored insight of one customer, unmasked, for the data-subject ACCESS export. */
export async function insightForExport(db: DbOrTx, customerId: string): Promise<Record<string, unknown>[]> {
  return (await selectInsightOfCustomers(db, [customerId])).map((row) => ({ ...toShape(row) }));
}

/** The stored value tier of one customer (null before its insight was first computed): case priority reads it. */
export async function valueTierOf(db: DbOrTx, customerId: string): Promise<CustomerInsightRow["valueTier"] | null> {
  const [row] = await selectInsightOfCustomers(db, [customerId]);
  return row?.valueTier ?? null;
}
