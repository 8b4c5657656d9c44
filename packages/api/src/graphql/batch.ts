import type { CatalogType } from "@tessera/schema/catalog";
import type DataLoader from "dataloader";
import type { GraphQLResolveInfo } from "graphql";
import type { Subject } from "../privacy/policy.js";
import { release } from "../privacy/scope.js";
import type { Context } from "./context.js";
import { plannedValue } from "./prefetch.js";

/**
 * Loads a customer's rows of a catalog type through its module's loader (`<domain>.loaders.ts`)
 * and releases them through the customer scope (row rules, masking). Rows the customer's own
 * statement already read (planned from the selection, graphql/prefetch.ts; `info` names the
 * field) are released without another statement.
 */
export async function loadOwnedRows<R extends { customerId: string }>(
  ctx: Context,
  type: CatalogType,
  customer: Subject & { id: string },
  loader: DataLoader<string, R[]>,
  info?: GraphQLResolveInfo,
): Promise<R[]> {
  const rows = plannedValue<R[]>(customer, info) ?? (await loader.load(customer.id));
  return release(ctx, type, rows, customer);
}
