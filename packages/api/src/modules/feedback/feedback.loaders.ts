import { rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import { selectFeedbackOfCustomers } from "./feedback.queries.js";

/** The feedback module's per-request loaders. */
export const feedbackLoaders = (ctx: LoaderContext) => ({
  /** Feedback by customer id, newest first; one statement per tick. Released by the caller (graphql/batch.ts). */
  feedbackByCustomerId: rowsByCustomerId((ids) => selectFeedbackOfCustomers(ctx.db, ids)),
});
