import { rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import { selectConsentHistory, selectCurrentConsents } from "./consent.queries.js";

/** The consent module's per-request loaders; rows are released by the caller (graphql/batch.ts). */
export const consentLoaders = (ctx: LoaderContext) => ({
  /** The current state per purpose/channel/partner, by customer id; one statement per tick. */
  currentByCustomerId: rowsByCustomerId((ids) => selectCurrentConsents(ctx.db, ids)),
  /** The whole ledger, oldest first, by customer id; one statement per tick. */
  historyByCustomerId: rowsByCustomerId((ids) => selectConsentHistory(ctx.db, ids)),
});
