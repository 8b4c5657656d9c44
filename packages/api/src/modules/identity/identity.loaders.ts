import { rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import { selectIdentifiersOfCustomers } from "./identity.queries.js";

/** The identity module's per-request loaders. */
export const identityLoaders = (ctx: LoaderContext) => ({
  /** Identifiers, past and current, by customer id; one statement per tick. Released by the caller (graphql/batch.ts). */
  identifiersByCustomerId: rowsByCustomerId((ids) => selectIdentifiersOfCustomers(ctx.db, ids)),
});
