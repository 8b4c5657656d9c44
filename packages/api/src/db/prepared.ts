/**
 * Hot statements run as named prepared statements (issue 12). drizzle sends `db.execute(sql)`
 * unnamed, and postgres.js runs an unnamed statement that has parameters in two round trips (it
 * asks the server for the parameters' types first) which PostgreSQL then parses and plans anew.
 * A prepared statement is described, parsed and planned once per connection (postgres.js keeps
 * it under its text) and then costs one round trip: Bind and Execute.
 *
 * Only for statements whose text takes a handful of forms whatever the values: every distinct
 * text stays prepared on each pooled connection for the connection's life. Values travel as
 * parameters (arrays as one array parameter, rows as one JSON parameter), never in the text.
 * (Compiled reads, whose text follows the GraphQL selection, are prepared through their own
 * cache, db/statements.ts, which bounds the built statements kept in Node, not the server's.)
 * PGlite runs them as before.
 */
import type { SQL } from "drizzle-orm";
import type { PgSession } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client.js";
import { rowsOf } from "./rows.js";

interface WithSession {
  _: { session: PgSession };
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
}

/** Runs `query` as a named prepared statement on the connection (or transaction) of `db`; answers its rows. */
export async function executePrepared<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const { _, dialect } = db as unknown as WithSession;
  // Any name turns preparing on; postgres.js names and caches the statement by its text itself.
  const statement = _.session.prepareQuery(dialect.sqlToQuery(query), undefined, "tessera_prepared", false);
  return rowsOf<T>(await statement.execute());
}
