import { problem } from "@tessera/schema/problems";
/**
 * The customer feed (`upsertCustomers`, `tessera import customers`): upsert by `externalId`
 * under the profile rules of createCustomer/updateCustomer (profilePatch). A changed customer
 * gets a version bump and its contact identifiers follow, as with updateCustomer.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import type { FieldProblem } from "../../graphql/errors.js";
import type { InputValidator } from "../../lib/validation.js";
import type { FeedEntity, MergeRow, Prepared } from "../feed/feed.run.js";
import { absentKeys, execRows, keyedUpsert, type KeyedUpsert, type MergeColumn } from "../feed/feed.sql.js";
import { profilePatch, type CustomerPatch } from "./customer.service.js";
import type { CustomerFeedInput } from "./customer.inputs.js";

const COLUMNS: MergeColumn[] = [
  { key: "kind", name: "kind", sourceType: "text", cast: "customer_kind" },
  { key: "status", name: "status", sourceType: "text", cast: "customer_status", default: "'ACTIVE'::customer_status" },
  { key: "name", name: "name", sourceType: "text" },
  { key: "phone", name: "phone", sourceType: "text" },
  { key: "email", name: "email", sourceType: "text" },
  { key: "nationalId", name: "national_id", sourceType: "text" },
  { key: "birthDate", name: "birth_date", sourceType: "date" },
  { key: "gender", name: "gender", sourceType: "text", cast: "gender" },
  { key: "address", name: "address", sourceType: "text" },
  { key: "city", name: "city", sourceType: "text" },
  { key: "region", name: "region", sourceType: "text" },
  { key: "occupation", name: "occupation", sourceType: "text" },
  { key: "language", name: "language", sourceType: "text", default: "'zh-CN'" },
  { key: "specialCare", name: "special_care", sourceType: "text[]", cast: "special_care_flag[]", default: "'{}'::special_care_flag[]" },
  { key: "securityLevel", name: "security_level", sourceType: "int", default: "1" },
  { key: "accountManager", name: "account_manager", sourceType: "text" },
];
// kind and name are NOT NULL without a default: required for a new customer, kept when absent on update.
const UPSERT: KeyedUpsert = {
  table: "customers",
  key: "external_id",
  columns: COLUMNS,
  requiredOnInsert: ["kind", "name"],
  missing: "REQUIRED_FOR_NEW_CUSTOMER",
  bump: "version = t.version + 1, updated_at = now()",
  customerId: "id",
};

type Item = { externalId: string; patch: CustomerPatch };

export const customerFeed: FeedEntity<CustomerFeedInput, Item> = {
  name: "customers",
  arg: "customers",
  auditType: "Customer",
  auditFields: COLUMNS.map((c) => `Customer.${c.key}`).filter((f) => !["Customer.kind", "Customer.status", "Customer.securityLevel", "Customer.accountManager"].includes(f)),
  columns: [
    { name: "external_id", type: "text" },
    { name: "absent", type: "text[]" },
    ...COLUMNS.map((c) => ({ name: c.name, type: c.sourceType })),
  ],
  keyField: "externalId",
  repeats: "reject",
  externalIdOf: (input) => input.externalId ?? null,
  keyOf: (item) => item.externalId,
  prepare(v: InputValidator, input) {
    v.text("externalId", input.externalId, { required: true, max: 200 });
    const patch = profilePatch(v, input, false);
    return { item: { externalId: input.externalId?.trim() ?? "", patch } };
  },
  toRow(item) {
    const row: Record<string, unknown> = { external_id: item.externalId, absent: absentKeys(COLUMNS, item.patch) };
    for (const c of COLUMNS) row[c.name] = (item.patch as Record<string, unknown>)[c.key] ?? null;
    return row;
  },
  check: (tx, items) => contactsHeldByOthers(tx, items),
  async merge(tx, source) {
    const rows = await execRows<MergeRow>(tx, keyedUpsert(UPSERT, source.relation));
    await syncContactIdentifiers(tx, rows);
    return rows;
  },
  refreshesInsight: false,
  refreshesCandidates: true,
  announcesUpdates: "CUSTOMER_UPDATED",
};

/** Identifiers follow the profile (as updateCustomer's): a changed phone or email closes the old window and opens a new one. */
async function syncContactIdentifiers(tx: Tx, rows: readonly MergeRow[]) {
  const moves: { customer_id: string; type: string; old: string | null; new: string | null }[] = [];
  for (const row of rows) {
    if (row.outcome === "rejected" || !row.customer_id) continue;
    for (const [type, key] of [["MSISDN", "phone"], ["EMAIL", "email"]] as const) {
      const before = (row.before?.[key] as string | null | undefined) ?? null;
      const after = (row.after?.[key] as string | null | undefined) ?? null;
      if (before !== after) moves.push({ customer_id: row.customer_id, type, old: before, new: after });
    }
  }
  if (!moves.length) return;
  const json = JSON.stringify(moves);
  const moved = sql`jsonb_to_recordset(${json}::jsonb) as m(customer_id uuid, type text, old text, new text)`;
  await tx.execute(sql`
    update identifiers i set valid_to = now() from ${moved}
    where i.customer_id = m.customer_id and i.type = m.type::identifier_type and i.value = m.old and i.valid_to is null`);
  await tx.execute(sql`
    insert into identifiers (customer_id, type, value, source)
    select m.customer_id, m.type::identifier_type, m.new, 'PROFILE' from ${moved} where m.new is not null`);
}

/** A phone or email currently held by another customer (or by an earlier item of the batch) is refused, as in createCustomer. */
async function contactsHeldByOthers(tx: Tx, items: readonly Prepared<Item>[]): Promise<(FieldProblem | undefined)[]> {
  const phones = items.flatMap((p) => (p.item.patch.phone ? [p.item.patch.phone] : []));
  const emails = items.flatMap((p) => (p.item.patch.email ? [p.item.patch.email] : []));
  if (!phones.length && !emails.length) return items.map(() => undefined);
  const held = await execRows<{ type: string; value: string; external_id: string | null }>(
    tx,
    sql`select i.type::text as type, i.value, c.external_id from identifiers i join customers c on c.id = i.customer_id
      where i.valid_to is null and ((i.type = 'MSISDN' and i.value in (select jsonb_array_elements_text(${JSON.stringify(phones)}::jsonb)))
        or (i.type = 'EMAIL' and i.value in (select jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb))))`,
  );
  const holder = new Map(held.map((h) => [`${h.type}:${h.value}`, h.external_id]));
  return items.map((p) => {
    for (const [type, key] of [["MSISDN", "phone"], ["EMAIL", "email"]] as const) {
      const value = p.item.patch[key];
      if (!value) continue;
      const current = holder.get(`${type}:${value}`);
      if (current !== undefined && current !== p.item.externalId)
        return { field: `customers[${p.index}].${key}`, ...problem("CONTACT_TAKEN", { what: key === "phone" ? "number" : "email" }) };
      holder.set(`${type}:${value}`, p.item.externalId);
    }
    return undefined;
  });
}
