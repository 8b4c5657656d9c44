import DataLoader from "dataloader";
import { byKey, loaderFamily, rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import type { InteractionFilter } from "./interaction.inputs.js";
import { countInteractionsOfCustomers, interactionFilterCondition, selectRecentInteractions, type InteractionOrder } from "./interaction.queries.js";

/** One page of a customer's history: the filter and the keyset window (interaction.service.ts). */
export interface InteractionWindow {
  filter?: InteractionFilter;
  order: InteractionOrder;
  from?: { occurredAt?: Date; id: string };
  backward: boolean;
  limit: number;
}

/**
 * The interaction module's per-request loaders. The statements depend on the field's arguments,
 * so each is a family: one loader per distinct argument set, shared by the customers of a page.
 * Whether the caller may filter or sort by a field is checked by the service, before it loads.
 */
export const interactionLoaders = (ctx: LoaderContext) => ({
  /** One page of interactions of each customer; one statement per tick and window. Released by the service. */
  recentByCustomerId: loaderFamily(({ filter, ...window }: InteractionWindow) =>
    rowsByCustomerId((ids) => selectRecentInteractions(ctx.db, ids, { ...window, where: interactionFilterCondition(filter) })),
  ),
  /** How many interactions each customer has under a filter (0 without any); one statement per tick and filter. */
  countByCustomerId: loaderFamily(
    (filter: InteractionFilter | undefined) =>
      new DataLoader<string, number>(async (ids) => byKey(ids, await countInteractionsOfCustomers(ctx.db, ids, interactionFilterCondition(filter)), (r) => r.customerId).map((r) => r?.n ?? 0)),
  ),
});
