import { sql, type SQL } from "drizzle-orm";

/**
 * A JS array as one PostgreSQL array parameter (`$1::uuid[]`). drizzle expands an interpolated
 * array into a list of parameters `($1, $2, …)`, which `= any(…)` and `unnest(…)` cannot take;
 * one array literal is also a single bind however long the list.
 */
export function sqlArray(values: readonly (string | number)[], type: "uuid" | "text" | "int" | "bigint"): SQL {
  const literal = `{${values.map((v) => (typeof v === "number" ? String(v) : `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(",")}}`;
  return sql`${literal}::${sql.raw(type)}[]`;
}
