import { problem } from "@tessera/schema/problems";
/**
 * The identifier feed (`addIdentifiers`, `tessera import identifiers`): identifier windows from
 * billing and CRM (account numbers, device ids, recycled numbers with their history), upserted by
 * type + value + validFrom under addIdentifier's rules. A re-sent window is unchanged; the same
 * window with a validTo closes it. One holder per identifier at any instant is the database's
 * exclusion constraint (migration 0009); windows that would overlap another holder's are rejected
 * item by item before the write, and a concurrent writer racing past that check fails the batch
 * whole (nothing half-written), as addIdentifier answers CONFLICT.
 */
import { sql } from "drizzle-orm";
import type { InputValidator } from "../../lib/validation.js";
import { checkCustomerRef } from "../feed/feed.customer-ref.js";
import type { FeedEntity, MergeRow } from "../feed/feed.run.js";
import { execRows } from "../feed/feed.sql.js";
import type { IdentifierFeedInput } from "./identity.inputs.js";
import { normaliseIdentifierValue } from "./identity.service.js";
import { identifierType, type IdentifierRow } from "./identity.table.js";

interface Item {
  type: IdentifierRow["type"];
  value: string;
  validFrom: Date;
  validTo: Date | null;
  source: string | null;
}

const windowKey = (item: Item) => `${item.type}:${item.value}:${item.validFrom.toISOString()}`;

export const identifierFeed: FeedEntity<IdentifierFeedInput, Item> = {
  name: "identifiers",
  arg: "identifiers",
  auditType: "Identifier",
  auditFields: ["Identifier.type", "Identifier.value", "Identifier.validFrom", "Identifier.validTo", "Identifier.source"],
  columns: [
    { name: "customer_id", type: "uuid" },
    { name: "type", type: "text" },
    { name: "value", type: "text" },
    { name: "valid_from", type: "timestamptz" },
    { name: "valid_to", type: "timestamptz" },
    { name: "source", type: "text" },
  ],
  keyField: "validFrom",
  repeats: "reject",
  externalIdOf: (input) => (input.type && input.value ? `${input.type}:${input.value}` : null),
  keyOf: windowKey,
  prepare(v: InputValidator, input) {
    v.oneOf("type", input.type, identifierType.enumValues);
    const type = input.type as IdentifierRow["type"];
    const value = typeof input.value === "string" ? normaliseIdentifierValue(v, "value", type, input.value) : (v.fail("value", problem("REQUIRED")), "");
    const validFrom = input.validFrom instanceof Date && !Number.isNaN(input.validFrom.getTime()) ? input.validFrom : undefined;
    if (!validFrom) v.fail("validFrom", problem("VALID_FROM_REQUIRED"));
    else if (validFrom.getTime() > Date.now()) v.fail("validFrom", problem("IN_FUTURE"));
    if (input.validTo && validFrom && input.validTo <= validFrom) v.fail("validTo", problem("NOT_AFTER", { other: "validFrom" }));
    v.text("source", input.source, { max: 50 });
    const ref = checkCustomerRef(v, "customer", input.customer, validFrom ?? new Date());
    return { item: { type, value, validFrom: validFrom ?? new Date(0), validTo: input.validTo ?? null, source: input.source?.trim() || null }, ref };
  },
  toRow: (item, customerId) => ({
    customer_id: customerId,
    type: item.type,
    value: item.value,
    valid_from: item.validFrom.toISOString(),
    valid_to: item.validTo?.toISOString() ?? null,
    source: item.source,
  }),
  // Another holder's window (or another window of this batch) overlapping this one: rejected here,
  // so one bad window does not fail the batch on the exclusion constraint.
  async check(tx, items) {
    const rows = items.map((p, k) => ({ k, ...identifierFeed.toRow(p.item, p.customerId, undefined as never) }));
    const clashing = await execRows<{ k: number }>(
      tx,
      sql`select distinct x.k from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(k int, type text, value text, valid_from timestamptz, valid_to timestamptz)
        join identifiers i on i.type = x.type::identifier_type and i.value = x.value and i.valid_from <> x.valid_from
          and tstzrange(i.valid_from, i.valid_to, '[)') && tstzrange(x.valid_from, x.valid_to, '[)')`,
    );
    const bad = new Set(clashing.map((r) => r.k));
    // Within the batch: windows of one identifier must not overlap each other either.
    items.forEach((p, k) => {
      for (let j = 0; j < k; j++) {
        const q = items[j]!;
        if (bad.has(j) || q.item.type !== p.item.type || q.item.value !== p.item.value) continue;
        const overlaps = p.item.validFrom < (q.item.validTo ?? new Date(8.64e15)) && q.item.validFrom < (p.item.validTo ?? new Date(8.64e15));
        if (overlaps) bad.add(k);
      }
    });
    return items.map((p, k) => (bad.has(k) ? { field: `identifiers[${p.index}].validFrom`, ...problem("IDENTIFIER_OVERLAP") } : undefined));
  },
  async merge(tx, source) {
    return execRows<MergeRow>(
      tx,
      sql`
      with x as materialized (select * from ${source.relation}),
      old as (
        select i.* from identifiers i join x on i.type = x.type::identifier_type and i.value = x.value and i.valid_from = x.valid_from
        for update of i),
      ins as (
        insert into identifiers as t (customer_id, type, value, valid_from, valid_to, source)
        select x.customer_id, x.type::identifier_type, x.value, x.valid_from, x.valid_to, coalesce(x.source, 'IMPORT') from x
        where not exists (select 1 from old where old.type = x.type::identifier_type and old.value = x.value and old.valid_from = x.valid_from)
        returning t.id, t.customer_id, t.type, t.value, t.valid_from),
      upd as (
        update identifiers t set valid_to = x.valid_to, source = coalesce(x.source, t.source)
        from x where t.type = x.type::identifier_type and t.value = x.value and t.valid_from = x.valid_from and t.customer_id = x.customer_id
          and (x.valid_to, coalesce(x.source, t.source)) is distinct from (t.valid_to, t.source)
        returning t.id, t.customer_id, t.type, t.value, t.valid_from, jsonb_build_object('validTo', t.valid_to, 'source', t.source) as after)
      select x.idx, 'inserted' as outcome, ins.customer_id, ins.id, null::jsonb as before, null::jsonb as after, null as field, null as message
        from ins join x on x.type::identifier_type = ins.type and x.value = ins.value and x.valid_from = ins.valid_from
      union all
      select x.idx, 'updated', upd.customer_id, upd.id, jsonb_build_object('validTo', old.valid_to, 'source', old.source), upd.after, null, null
        from upd join x on x.type::identifier_type = upd.type and x.value = upd.value and x.valid_from = upd.valid_from join old on old.id = upd.id
      union all
      select x.idx, 'rejected', null, null, null, null, 'customer', 'IDENTIFIER_WINDOW_TAKEN'
        from x join old on old.type = x.type::identifier_type and old.value = x.value and old.valid_from = x.valid_from and old.customer_id <> x.customer_id`,
    );
  },
  // Identifiers are not facts the insight formulas read.
  refreshesInsight: false,
};
