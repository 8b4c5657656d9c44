import DataLoader from "dataloader";
import { byKey, rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import { customerCondition } from "../../privacy/scope.js";
import { selectCasesByIds, selectCasesOfCustomers, type CaseWithSubject } from "./case.queries.js";

/** The case module's per-request loaders. */
export const caseLoaders = (ctx: LoaderContext) => ({
  /** Cases by id, of customers this principal may see (RECORD); one statement per tick. */
  byId: new DataLoader<string, CaseWithSubject | null>(async (ids) => byKey(ids, await selectCasesByIds(ctx.db, ids, customerCondition(ctx.policy, "RECORD")), (r) => r.id)),
  /** Cases by customer id, newest first; one statement per tick. Released through the customer (graphql/batch.ts). */
  casesByCustomerId: rowsByCustomerId((ids) => selectCasesOfCustomers(ctx.db, ids)),
});
