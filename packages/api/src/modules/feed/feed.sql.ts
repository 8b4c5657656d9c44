/**
 * Helpers that build a feed's merge SQL from one column list, so the insert, the update, the
 * change test and the audit's before/after cannot disagree about which columns a feed writes.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "../../db/rows.js";
import type { DbOrTx } from "../../db/client.js";

export interface MergeColumn {
  /** Property / catalog field name (camelCase). */
  key: string;
  /** Column in the target table and the source. */
  name: string;
  /** Source type (as jsonb_to_recordset reads it) and the cast to the column's type. */
  sourceType: string;
  cast?: string;
  /** NOT NULL column: a null or absent value keeps the stored one; on insert the default applies. */
  default?: string;
}

const raw = (text: string) => sql.raw(text);
export const col = (alias: string, c: MergeColumn) => raw(`${alias}."${c.name}"`);
/** The source value with its cast. */
export const sourceValue = (c: MergeColumn) => raw(c.cast ? `x."${c.name}"::${c.cast}` : `x."${c.name}"`);

/** The value an insert stores: the source value, or the column default when absent. */
export const insertValue = (c: MergeColumn) => (c.default ? sql`coalesce(${sourceValue(c)}, ${raw(c.default)})` : sourceValue(c));

/**
 * The value an update stores. Feeds are patches: a field absent from the item (listed in the
 * source's `absent` array) keeps its stored value; a NOT NULL column ignores null.
 */
export function updateValue(c: MergeColumn, target: string): SQL {
  if (c.default) return sql`coalesce(${sourceValue(c)}, ${col(target, c)})`;
  return sql`case when ${c.key} = any(x.absent) then ${col(target, c)} else ${sourceValue(c)} end`;
}

/** `jsonb_build_object('name', t.name, …)`: catalog-named values for the audit's before/after. */
export function jsonOf(alias: string, columns: readonly MergeColumn[]): SQL {
  return sql`jsonb_build_object(${sql.join(
    columns.map((c) => sql`${c.key}::text, ${col(alias, c)}`),
    sql`, `,
  )})`;
}

/** The keys of `columns` absent from an input object (sent as the source's `absent` array). */
export function absentKeys(columns: readonly MergeColumn[], input: object): string[] {
  return columns.filter((c) => (input as Record<string, unknown>)[c.key] === undefined).map((c) => c.key);
}

export async function execRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}
