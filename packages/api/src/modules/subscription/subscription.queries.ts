import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { plans, subscriptions, type PlanRow, type SubscriptionRow } from "./subscription.table.js";

export type SubscriptionWithPlan = SubscriptionRow & { plan: PlanRow };

/** Subscriptions with their plan, in one statement (join, not a plan loader round-trip). */
export async function selectSubscriptionsOfCustomers(db: DbOrTx, customerIds: readonly string[]): Promise<SubscriptionWithPlan[]> {
  const rows = await db
    .select({ subscription: subscriptions, plan: plans })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(inArray(subscriptions.customerId, [...customerIds]))
    .orderBy(asc(subscriptions.startedOn));
  return rows.map((r) => ({ ...r.subscription, plan: r.plan }));
}
