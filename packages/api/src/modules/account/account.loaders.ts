import { rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import { selectKeyAccounts, selectWarnings } from "./account.queries.js";

/** The account module's per-request loaders; rows are released by the service (account.service.ts). */
export const accountLoaders = (ctx: LoaderContext) => ({
  /** The key account of each customer (at most one row); one statement per tick. */
  keyAccountsByCustomerId: rowsByCustomerId((ids) => selectKeyAccounts(ctx.db, { customerIds: ids })),
  /** Every early warning of each account (keyed by its customer), newest month first; one statement per tick. */
  warningsByCustomerId: rowsByCustomerId((ids) => selectWarnings(ctx.db, { customerIds: ids })),
});
