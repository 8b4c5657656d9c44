import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client.js";
import { firstRow } from "../../db/rows.js";

/**
 * Which of these tables holds the id (one statement). It says only which type's service to ask:
 * whether the caller may see the object is that service's business, so an invisible object is
 * answered exactly like a missing one.
 */
export async function selectNodeType(db: DbOrTx, id: string, tables: readonly { type: string; table: PgTable }[]): Promise<string | undefined> {
  const branches = tables.map(({ type, table }) => sql`(select ${type}::text as type from ${table} where id = ${id}::uuid)`);
  const row = firstRow<{ type: string }>(await db.execute(sql`${sql.join(branches, sql` union all `)} limit 1`));
  return row?.type;
}
