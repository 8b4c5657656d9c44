import DataLoader from "dataloader";
import { groupByKey, type LoaderContext } from "../../graphql/loaders.js";
import { selectKeysOfPartners } from "./partner.queries.js";
import type { ApiKeyRow } from "./partner.table.js";

/** The partner module's per-request loaders. */
export const partnerLoaders = (ctx: LoaderContext) => ({
  /** API keys by partner id, oldest first; one statement per tick. */
  apiKeysByPartnerId: new DataLoader<string, ApiKeyRow[]>(async (ids) => groupByKey(ids, await selectKeysOfPartners(ctx.db, ids), (k) => k.partnerId)),
});
