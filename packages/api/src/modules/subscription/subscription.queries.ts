import { eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { listRelation } from "../../graphql/prefetch.js";
import { plans, subscriptions, type PlanRow, type SubscriptionRow } from "./subscription.table.js";

export type SubscriptionWithPlan = SubscriptionRow & { plan: PlanRow };

/** Subscriptions with their plan, in one statement (join, not a plan loader round-trip). */
const SUBSCRIPTION_ORDER = sql`${subscriptions.startedOn}`;

/** `Customer.subscriptions` with each plan, planned into the customer's statement (graphql/prefetch.ts). */
export const subscriptionsRelation = listRelation<SubscriptionWithPlan>(
  { ...getTableColumns(subscriptions), plan: { nested: getTableColumns(plans) } },
  (id: SQL) => sql`from ${subscriptions} inner join ${plans} on ${plans.id} = ${subscriptions.planId} where ${subscriptions.customerId} = ${id}`,
  SUBSCRIPTION_ORDER,
);

export async function selectSubscriptionsOfCustomers(db: DbOrTx, customerIds: readonly string[]): Promise<SubscriptionWithPlan[]> {
  const rows = await db
    .select({ subscription: subscriptions, plan: plans })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(inArray(subscriptions.customerId, [...customerIds]))
    .orderBy(SUBSCRIPTION_ORDER);
  return rows.map((r) => ({ ...r.subscription, plan: r.plan }));
}
