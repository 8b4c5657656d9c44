import { getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { listRelation } from "../../graphql/prefetch.js";
import { feedback, type FeedbackRow } from "./feedback.table.js";

const FEEDBACK_ORDER = sql`${feedback.submittedAt} desc`;

/** `Customer.feedback` planned into the customer's statement (graphql/prefetch.ts). */
export const feedbackRelation = listRelation<FeedbackRow>(getTableColumns(feedback), (id: SQL) => sql`from ${feedback} where ${feedback.customerId} = ${id}`, FEEDBACK_ORDER);

export function selectFeedbackOfCustomers(db: DbOrTx, customerIds: readonly string[]): Promise<FeedbackRow[]> {
  return db.select().from(feedback).where(inArray(feedback.customerId, [...customerIds])).orderBy(FEEDBACK_ORDER);
}

export async function insertFeedback(db: DbOrTx, row: typeof feedback.$inferInsert): Promise<FeedbackRow> {
  const [created] = await db.insert(feedback).values(row).returning();
  return created!;
}
