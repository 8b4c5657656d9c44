import { sql, type SQL } from "drizzle-orm";
import type { caseCategory } from "../case/case.table.js";
import type { feedbackAspect } from "../feedback/feedback.table.js";

export type Aspect = (typeof feedbackAspect.enumValues)[number];
type CaseCategory = (typeof caseCategory.enumValues)[number];

/**
 * The aspect (network, service, product, price — the handbooks' survey aspects, feedback.aspect)
 * a case belongs to, from its category (the root-cause family it was classified under). The one
 * home of this mapping; docs/metrics.md documents it.
 * - BILLING → PRICE: what the customer is charged (资费), billing errors included.
 * - PRODUCT_PRICE → PRODUCT: the offer as sold (plan design, its terms and list price).
 * - PROCESS → SERVICE: cumbersome processes are how the service is delivered, like staff attitude.
 * - OTHER → OVERALL: not attributed to one aspect.
 */
export const CASE_CATEGORY_ASPECT: Record<CaseCategory, Aspect> = {
  NETWORK_QUALITY: "NETWORK",
  SERVICE_ATTITUDE: "SERVICE",
  PROCESS: "SERVICE",
  BILLING: "PRICE",
  PRODUCT_PRICE: "PRODUCT",
  OTHER: "OVERALL",
};

/** The aspect of a case category column as SQL text; null stays null. */
export function caseAspect(category: SQL): SQL<string | null> {
  const arms = Object.entries(CASE_CATEGORY_ASPECT).map(([c, a]) => sql`when ${sql.raw(`'${c}'`)} then ${sql.raw(`'${a}'`)}`);
  return sql<string | null>`(case ${category}::text ${sql.join(arms, sql` `)} end)`;
}
