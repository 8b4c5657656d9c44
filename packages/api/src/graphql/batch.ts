import type { CatalogType } from "@tessera/schema/catalog";
import DataLoader from "dataloader";
import type { Subject } from "../privacy/policy.js";
import { release } from "../privacy/scope.js";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "./context.js";
import { plannedValue } from "./prefetch.js";

/** Groups rows under the keys a DataLoader asked for, in the same order, `[]` for keys without rows. */
export function groupByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const key of keys) groups.set(key, []);
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
}

/**
 * A per-request loader of the rows a customer owns, batched into one statement per tick
 * (DataLoader dispatches on a later tick, after every sibling resolver has called load()).
 * `variant` separates loaders whose query depends on field arguments (e.g. usage months).
 */
export function customerRowsLoader<R extends { customerId: string }>(
  ctx: Context,
  name: string,
  load: (customerIds: readonly string[]) => Promise<R[]>,
  variant = "",
): DataLoader<string, R[]> {
  return ctx.loaders.get(`${name}:${variant}`, () => new DataLoader<string, R[]>(async (ids) => groupByKey(ids, await load(ids), (r) => r.customerId)));
}

/**
 * Loads a customer's rows of a catalog type and releases them through the customer scope (row
 * rules, masking). Rows the customer's own statement already read (planned from the selection,
 * graphql/prefetch.ts; `info` names the field) are released without another statement.
 */
export async function loadOwnedRows<R extends { customerId: string }>(
  ctx: Context,
  type: CatalogType,
  customer: Subject & { id: string },
  load: (customerIds: readonly string[]) => Promise<R[]>,
  variant = "",
  info?: GraphQLResolveInfo,
): Promise<R[]> {
  const rows = plannedValue<R[]>(customer, info) ?? (await customerRowsLoader(ctx, `${type}ByCustomerId`, load, variant).load(customer.id));
  return release(ctx, type, rows, customer);
}
