import DataLoader from "dataloader";
import type { Db } from "../db/client.js";
import type { Policy } from "../privacy/policy.js";

/** What a module's loaders may use: the request's database and its privacy policy (visibility is decided in the statement). */
export interface LoaderContext {
  db: Db;
  policy: Policy;
}

/**
 * A module's loader factory (`<domain>.loaders.ts`): the typed set of DataLoaders of one domain,
 * built for one request. Services and resolvers ask the request context for them
 * (`ctx.loaders.of(customerLoaders, ctx).byId`) instead of building loaders themselves.
 */
export type LoaderFactory<L> = (ctx: LoaderContext) => L;

/**
 * The request's loaders, registered per factory on first use: each request builds only the
 * loaders it uses, and caches never leak across requests (a new registry per request, and per
 * transaction where a service reads through a transaction's db).
 */
export class LoaderRegistry {
  private readonly modules = new Map<LoaderFactory<unknown>, unknown>();

  /** This request's loaders of a module. */
  of<L>(factory: LoaderFactory<L>, ctx: LoaderContext): L {
    let loaders = this.modules.get(factory) as L | undefined;
    if (!loaders) {
      loaders = factory(ctx);
      this.modules.set(factory, loaders);
    }
    return loaders;
  }
}

/** DataLoader answers for `keys` in order, null for keys without a row. */
export function byKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const found = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => found.get(k) ?? null);
}

/** Groups rows under the keys a DataLoader asked for, in the same order, `[]` for keys without rows. */
export function groupByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const key of keys) groups.set(key, []);
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
}

/**
 * The rows each of several customers owns, read by one statement per tick (DataLoader dispatches
 * on a later tick, after every sibling resolver of the page has called load()).
 */
export function rowsByCustomerId<R extends { customerId: string }>(select: (customerIds: readonly string[]) => Promise<R[]>): DataLoader<string, R[]> {
  return new DataLoader<string, R[]>(async (ids) => groupByKey(ids, await select(ids), (r) => r.customerId));
}

/**
 * A family of loaders whose statement depends on field arguments (a page window, a filter, a
 * number of months): one loader per distinct argument set, told apart by its JSON, so that the
 * customers of a page asking with the same arguments share one statement.
 */
export function loaderFamily<A, L>(make: (args: A) => L): (args: A) => L {
  const members = new Map<string, L>();
  return (args) => {
    const key = JSON.stringify(args);
    let loader = members.get(key);
    if (!loader) {
      loader = make(args);
      members.set(key, loader);
    }
    return loader;
  };
}
