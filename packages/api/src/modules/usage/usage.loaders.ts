import { loaderFamily, rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import { selectRecentUsage } from "./usage.queries.js";

/** The usage module's per-request loaders. */
export const usageLoaders = (ctx: LoaderContext) => ({
  /**
   * The last `months` months of usage by customer id, newest first: one loader per month count,
   * one statement per tick. Released by the caller (graphql/batch.ts).
   */
  recentByCustomerId: loaderFamily((months: number) => rowsByCustomerId((ids) => selectRecentUsage(ctx.db, ids, months))),
});
