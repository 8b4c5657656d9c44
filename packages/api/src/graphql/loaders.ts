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
  private readonly loaders = new Map<string, unknown>();

  /** This request's loaders of a module. */
  of<L>(factory: LoaderFactory<L>, ctx: LoaderContext): L {
    let loaders = this.modules.get(factory) as L | undefined;
    if (!loaders) {
      loaders = factory(ctx);
      this.modules.set(factory, loaders);
    }
    return loaders;
  }

  /** A loader keyed by name and variant (graphql/batch.ts customerRowsLoader: per argument set). */
  get<T>(key: string, make: () => T): T {
    let loader = this.loaders.get(key) as T | undefined;
    if (!loader) {
      loader = make();
      this.loaders.set(key, loader);
    }
    return loader;
  }
}

/** DataLoader answers for `keys` in order, null for keys without a row. */
export function byKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const found = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => found.get(k) ?? null);
}
