import { desc, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { cases, type CaseRow } from "./case.table.js";

export function selectCasesOfCustomers(db: DbOrTx, customerIds: readonly string[]): Promise<CaseRow[]> {
  return db.select().from(cases).where(inArray(cases.customerId, [...customerIds])).orderBy(desc(cases.openedAt));
}
