import { rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import { selectInsightOfCustomers } from "./insight.queries.js";

/** The insight module's per-request loaders. */
export const insightLoaders = (ctx: LoaderContext) => ({
  /** The stored insight of each customer (none before it was first computed); one statement per tick. Released by insight.service.ts. */
  insightByCustomerId: rowsByCustomerId((ids) => selectInsightOfCustomers(ctx.db, ids)),
});
