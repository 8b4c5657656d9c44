/**
 * Where a feed batch's validated rows come from when its merge SQL runs: a JSON recordset (one
 * parameter, for GraphQL batches and PGlite imports) or a staging table filled by COPY (the bulk
 * import on PostgreSQL). Both present the same columns under the alias `x`, so each entity has
 * one merge statement whatever the transport.
 */
import { sql, type SQL } from "drizzle-orm";

export interface FeedColumn {
  /** Column name in the source (snake_case, as in the target table). */
  name: string;
  /** PostgreSQL type of the source column: text, int, numeric, date, timestamptz, jsonb, text[]. */
  type: string;
}

/** The relation `x` the merge statements select from. */
export interface FeedSource {
  relation: SQL;
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/** Every feed source carries `idx`: the item's position in the batch, to report outcomes per item. */
export const IDX: FeedColumn = { name: "idx", type: "int" };

/** Rows as one jsonb parameter, read with jsonb_to_recordset. */
export function jsonSource(columns: readonly FeedColumn[], rows: readonly Record<string, unknown>[]): FeedSource {
  const list = sql.join(
    [IDX, ...columns].map((c) => sql`${ident(c.name)} ${sql.raw(c.type)}`),
    sql`, `,
  );
  return { relation: sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${list})` };
}

/** A staging table (filled by COPY) restricted to one batch, with the entity's columns only. */
export function stagedSource(table: string, columns: readonly FeedColumn[], batch: number): FeedSource {
  const list = sql.join(
    [IDX, ...columns].map((c) => ident(c.name)),
    sql`, `,
  );
  return { relation: sql`(select ${list} from ${ident(table)} where batch = ${batch}) as x` };
}

/** `create unlogged table` statement for a staging table of these columns (one per import run). */
export function stagingTableDdl(table: string, columns: readonly FeedColumn[]): string {
  const cols = [{ name: "batch", type: "int" }, IDX, ...columns].map((c) => `"${c.name}" ${c.type}`).join(", ");
  return `create unlogged table "${table}" (${cols})`;
}
