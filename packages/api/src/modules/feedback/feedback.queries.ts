import { getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { allKeysBut, listRelation } from "../../graphql/prefetch.js";
import { feedback, type FeedbackRow } from "./feedback.table.js";

const FEEDBACK_ORDER = sql`${feedback.submittedAt} desc`;

/** `Customer.feedback` planned into the customer's statement (graphql/prefetch.ts). */
const FEEDBACK_COLUMNS = getTableColumns(feedback);
/** No rule or derived field reads a feedback row's values: each is built when its field is selected. */
export const feedbackRelation = listRelation<FeedbackRow>(
  FEEDBACK_COLUMNS,
  (id: SQL) => sql`from ${feedback} where ${feedback.customerId} = ${id}`,
  FEEDBACK_ORDER,
  undefined,
  allKeysBut(FEEDBACK_COLUMNS, ["id", "customerId"]),
);

export function selectFeedbackOfCustomers(db: DbOrTx, customerIds: readonly string[]): Promise<FeedbackRow[]> {
  return db.select().from(feedback).where(inArray(feedback.customerId, [...customerIds])).orderBy(FEEDBACK_ORDER);
}

export async function insertFeedback(db: DbOrTx, row: typeof feedback.$inferInsert): Promise<FeedbackRow> {
  const [created] = await db.insert(feedback).values(row).returning();
  return created!;
}
