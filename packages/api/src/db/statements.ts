/**
 * Compiled statements, cached per shape (issue 12). Building a large drizzle query and turning
 * it into SQL text (`sqlToQuery`) costs more CPU per request than reading its rows, and a new
 * text is also parsed and planned anew by PostgreSQL. A hot read whose SQL depends only on its
 * *shape* (which fields are selected, which visibility condition applies) and not on its values
 * (which customer, which cursor position) is therefore built once per shape, as a drizzle
 * prepared query with placeholders for the values, and run as a named prepared statement
 * (postgres.js `prepare`; PGlite runs it as before).
 *
 * The key is the whole of what the SQL depends on besides the placeholders. Where a part of it
 * comes from the privacy scope, the key holds that part's own SQL text and parameters
 * (`sqlKey`), not a summary of the principal: two principals share an entry only when the scope
 * gives them the same condition, byte for byte. Under test every hit is rebuilt and compared
 * with the cached statement, so a key that misses a dependency fails the test run instead of
 * answering one principal with another's statement.
 */
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

const dialect = new PgDialect();

/** The most shapes kept per database handle; the least recently used is dropped beyond it. */
export const MAX_CACHED_STATEMENTS = 500;

/** A drizzle query builder that can be prepared (select, insert, …). */
export interface Preparable<R> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R>; getQuery(): { sql: string; params: unknown[] } };
  toSQL(): { sql: string; params: unknown[] };
}

interface Entry<R> {
  prepared: { execute(values?: Record<string, unknown>): Promise<R> };
  query: { sql: string; params: unknown[] };
}

const caches = new WeakMap<object, Map<string, Entry<unknown>>>();
/** Hits compared with a fresh build (on under test; see the module comment). */
let verifyHits = process.env.NODE_ENV === "test";
const stats = { hits: 0, misses: 0 };

/** Test hook: whether cache hits are compared with a fresh build. Answers the previous setting. */
export function verifyStatementHits(on: boolean): boolean {
  const previous = verifyHits;
  verifyHits = on;
  return previous;
}

/** Hits and misses since start (tests, diagnostics). */
export function statementCacheStats(): Readonly<typeof stats> {
  return { ...stats };
}

/** A SQL fragment as key text: its SQL and its parameters, so equal keys mean equal fragments. */
export function sqlKey(fragment: SQL | undefined): string {
  if (!fragment) return "-";
  const { sql, params } = dialect.sqlToQuery(fragment);
  return `${sql}\u0001${JSON.stringify(params)}`;
}

/** Named extra columns (e.g. the scope's subject columns) as key text. */
export function columnsKey(columns: Readonly<Record<string, SQL>>): string {
  return Object.entries(columns)
    .map(([name, fragment]) => `${name}=${sqlKey(fragment)}`)
    .join("\u0002");
}

const same = (a: { sql: string; params: unknown[] }, b: { sql: string; params: unknown[] }) => a.sql === b.sql && JSON.stringify(a.params) === JSON.stringify(b.params);

/**
 * Runs the statement cached under `key` for this database handle (built by `build` on a miss)
 * with `values` for its placeholders. `db` is the handle the statement is bound to: a
 * transaction gets its own (short-lived) cache.
 */
export function runCompiled<R>(db: object, key: string, build: () => Preparable<R>, values: Record<string, unknown>): Promise<R> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let entry = cache.get(key) as Entry<R> | undefined;
  if (entry) {
    stats.hits++;
    cache.delete(key);
    cache.set(key, entry);
    if (verifyHits) {
      const fresh = build().toSQL();
      if (!same(fresh, entry.query)) {
        throw new Error(`Compiled statement cache: key ${JSON.stringify(key.slice(0, 200))} is shared by different statements (the key misses a dependency)`);
      }
    }
  } else {
    stats.misses++;
    const prepared = build().prepare("tessera_compiled");
    entry = { prepared, query: prepared.getQuery() };
    cache.set(key, entry as Entry<unknown>);
    if (cache.size > MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
  }
  return entry.prepared.execute(values);
}
