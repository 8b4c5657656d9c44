import { desc, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { feedback, type FeedbackRow } from "./feedback.table.js";

export function selectFeedbackOfCustomers(db: DbOrTx, customerIds: readonly string[]): Promise<FeedbackRow[]> {
  return db.select().from(feedback).where(inArray(feedback.customerId, [...customerIds])).orderBy(desc(feedback.submittedAt));
}

export async function insertFeedback(db: DbOrTx, row: typeof feedback.$inferInsert): Promise<FeedbackRow> {
  const [created] = await db.insert(feedback).values(row).returning();
  return created!;
}
