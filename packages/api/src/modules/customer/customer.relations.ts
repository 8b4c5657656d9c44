import { sql } from "drizzle-orm";
import type { GraphQLResolveInfo } from "graphql";
import { planSelection, type PlannedField, type PlannedRelation } from "../../graphql/prefetch.js";
import { pageSize } from "../../graphql/connection.js";
import { casesRelation } from "../case/case.queries.js";
import { consentsRelation } from "../consent/consent.queries.js";
import { feedbackRelation } from "../feedback/feedback.queries.js";
import { identifiersRelation } from "../identity/identity.queries.js";
import { insightRelation } from "../insight/insight.queries.js";
import { interactionsRelation } from "../interaction/interaction.queries.js";
import { subscriptionsRelation } from "../subscription/subscription.queries.js";
import { usageRelation } from "../usage/usage.queries.js";
import type { Policy } from "../../privacy/policy.js";
import { customers } from "./customer.table.js";

/** A page size the field would accept, or undefined (the field resolver then reports the error). */
function validPageSize(first: unknown): number | undefined {
  try {
    return pageSize(first as number | null | undefined);
  } catch {
    return undefined;
  }
}

/**
 * The fields of `Customer` a customer read plans into its own statement (graphql/prefetch.ts),
 * by GraphQL field name. Each relation's SQL lives in its module's queries, beside the batched
 * statement its field resolver runs when the field is not planned.
 */
export const CUSTOMER_RELATIONS: Readonly<Record<string, PlannedRelation>> = {
  identifiers: identifiersRelation,
  subscriptions: subscriptionsRelation,
  usage: usageRelation,
  consents: consentsRelation,
  interactions: interactionsRelation(validPageSize),
  cases: casesRelation,
  feedback: feedbackRelation,
  insight: insightRelation,
};

/** The planned subqueries correlate on the customer row's id (one object: plans are kept per parent). */
const CUSTOMER_ID = sql`${customers.id}`;

/** The Customer fields selected at `path` below the current field, planned into the customer statement. */
export function planCustomerFields(info: GraphQLResolveInfo, path: readonly string[], policy: Policy): PlannedField[] {
  return planSelection(info, path, CUSTOMER_RELATIONS, CUSTOMER_ID, policy);
}
