import { rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import { selectSubscriptionsOfCustomers } from "./subscription.queries.js";

/** The subscription module's per-request loaders. */
export const subscriptionLoaders = (ctx: LoaderContext) => ({
  /** Subscriptions with their plans by customer id; one statement per tick. Released by the caller (graphql/batch.ts). */
  subscriptionsByCustomerId: rowsByCustomerId((ids) => selectSubscriptionsOfCustomers(ctx.db, ids)),
});
