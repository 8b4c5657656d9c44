import DataLoader from "dataloader";
import { byKey, type LoaderContext } from "../../graphql/loaders.js";
import { customerCondition, subjectColumns } from "../../privacy/scope.js";
import { selectCustomersByIds } from "./customer.queries.js";
import type { CustomerRow } from "./customer.table.js";

/** The customer module's per-request loaders. */
export const customerLoaders = (ctx: LoaderContext) => ({
  /** Raw rows by id, restricted to the customers this principal may see at all; one statement per tick. */
  byId: new DataLoader<string, CustomerRow | null>(async (ids) =>
    byKey(ids, await selectCustomersByIds(ctx.db, ids, customerCondition(ctx.policy, "RECORD"), subjectColumns(ctx.policy)), (r) => r.id),
  ),
});
