/**
 * Helpers that build a feed's merge SQL from one column list, so the insert, the update, the
 * change test and the audit's before/after cannot disagree about which columns a feed writes.
 */
import { executePrepared } from "../../db/prepared.js";
import { sql, type SQL } from "drizzle-orm";
import type { ProblemCode } from "@tessera/schema/problems";
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

/** A feed's merge or lookup: its text is fixed per entity and source, so it runs prepared (db/prepared.ts). */
export function execRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return executePrepared<T>(db, query);
}

/** An upsert by a natural key (customers by externalId, plans by code, subscriptions by externalId). */
export interface KeyedUpsert {
  table: string;
  /** The natural key: a unique column of `table`, present in the source under the same name. */
  key: string;
  columns: readonly MergeColumn[];
  /** Columns NOT NULL without a default: a new record without one is rejected naming it; an update keeps the stored value. */
  requiredOnInsert: readonly string[];
  /** The problem a new record lacking a required column is rejected with (REQUIRED_FOR_NEW_PLAN). */
  missing: ProblemCode;
  /** Input field a missing required column is reported on, when it differs from the column's key. */
  fieldOf?: Record<string, string>;
  /** Extra assignments of an update, e.g. `version = t.version + 1` (target alias `t`). */
  bump?: string;
  /** The owning customer's id as an expression over the target row (alias `t`), or null. */
  customerId: string | null;
  /** The source relation `x`, when the merge needs more than the staged columns (a joined lookup). */
  source?: (relation: SQL) => SQL;
}

/**
 * One statement that upserts a batch by its natural key and answers per item what it did:
 * inserted (with the new row's catalog values), updated (before/after, only when a value
 * changed: a re-sent record is untouched and counts as unchanged), or rejected (a new record
 * without a required column). Rows are locked before they are compared, so two feeds updating
 * one record serialise instead of losing an update.
 */
export function keyedUpsert(u: KeyedUpsert, relation: SQL): SQL {
  const key = raw(`"${u.key}"`);
  const names = sql.join(u.columns.map((c) => raw(`"${c.name}"`)), sql`, `);
  const required = u.columns.filter((c) => u.requiredOnInsert.includes(c.key));
  const updateExpr = (c: MergeColumn) => (u.requiredOnInsert.includes(c.key) ? sql`coalesce(${sourceValue(c)}, ${col("t", c)})` : updateValue(c, "t"));
  const customer = raw(u.customerId ? `t."${u.customerId}"` : "null::uuid");
  const missing = required.length
    ? sql`union all
      select x.idx, 'rejected', null, null, null, null,
        case ${sql.join(required.map((c) => sql`when ${sourceValue(c)} is null then ${u.fieldOf?.[c.key] ?? c.key}`), sql` `)} end,
        ${u.missing}
      from fresh x where ${sql.join(required.map((c) => sql`${sourceValue(c)} is null`), sql` or `)}`
    : sql``;
  return sql`
    with x as materialized (${u.source ? u.source(relation) : sql`select * from ${relation}`}),
    old as (select t.* from ${raw(u.table)} t join x on t.${key} = x.${key} for update of t),
    fresh as (select x.* from x where not exists (select 1 from old where old.${key} = x.${key})),
    ins as (
      insert into ${raw(u.table)} as t (${key}, ${names})
      select x.${key}, ${sql.join(u.columns.map(insertValue), sql`, `)} from fresh x
      ${required.length ? sql`where ${sql.join(required.map((c) => sql`${sourceValue(c)} is not null`), sql` and `)}` : sql``}
      on conflict (${key}) do nothing
      returning t.id, t.${key} as key, ${customer} as customer_id, ${jsonOf("t", u.columns)} as after),
    upd as (
      update ${raw(u.table)} t set ${sql.join(
        u.columns.map((c) => sql`${raw(`"${c.name}"`)} = ${updateExpr(c)}`),
        sql`, `,
      )}${u.bump ? raw(`, ${u.bump}`) : sql``}
      from x where t.${key} = x.${key}
        and (${sql.join(u.columns.map(updateExpr), sql`, `)}) is distinct from (${sql.join(u.columns.map((c) => col("t", c)), sql`, `)})
      returning t.id, t.${key} as key, ${customer} as customer_id, ${jsonOf("t", u.columns)} as after)
    select x.idx, 'inserted' as outcome, ins.customer_id, ins.id, null::jsonb as before, ins.after, null as field, null as message
      from ins join x on x.${key} = ins.key
    union all
    select x.idx, 'updated', upd.customer_id, upd.id, ${jsonOf("old", u.columns)}, upd.after, null, null
      from upd join x on x.${key} = upd.key join old on old.id = upd.id
    ${missing}`;
}
