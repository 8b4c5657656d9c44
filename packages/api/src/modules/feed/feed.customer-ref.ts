import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { rowsOf } from "../../db/rows.js";
import { isUuid } from "../../lib/ids.js";
import type { InputValidator } from "../../lib/validation.js";
import { normaliseIdentifier } from "../customer/customer.service.js";
import { identifierType, type IdentifierRow } from "../identity/identity.table.js";
import type { CustomerRefInput } from "./feed.type.js";

/** A checked customer reference of one feed item, resolved in one statement for the whole batch. */
export interface CustomerRef {
  id?: string;
  externalId?: string;
  identifier?: { type: IdentifierRow["type"]; value: string };
  /** The record's own time: an identifier resolves through its validity window at this instant. */
  at: Date;
  /** Input field an unresolved reference is reported on (default `customer`). */
  field?: string;
}

/** Checks the shape of a reference (exactly one of id, externalId, identifier); problems go to `v`. */
export function checkCustomerRef(v: InputValidator, field: string, ref: CustomerRefInput | null | undefined, at: Date): CustomerRef | undefined {
  if (!ref) {
    v.fail(field, "is required: give id, externalId or identifier");
    return undefined;
  }
  const given = [ref.id != null, ref.externalId != null, ref.identifier != null].filter(Boolean).length;
  if (given !== 1) {
    v.fail(field, "give exactly one of id, externalId or identifier");
    return undefined;
  }
  if (ref.id != null) {
    if (!isUuid(ref.id)) v.fail(`${field}.id`, "is not a valid id");
    return { id: ref.id, at };
  }
  if (ref.externalId != null) {
    v.text(`${field}.externalId`, ref.externalId, { required: true, max: 200 });
    return { externalId: ref.externalId.trim(), at };
  }
  const { type, value } = ref.identifier!;
  if (!(identifierType.enumValues as readonly string[]).includes(type)) {
    v.fail(`${field}.identifier.type`, `must be one of ${identifierType.enumValues.join(", ")}`);
    return undefined;
  }
  const normalised = normaliseIdentifier(type as IdentifierRow["type"], value ?? "");
  if (normalised === undefined || !normalised) {
    v.fail(`${field}.identifier.value`, `"${value}" is not a valid ${type}`);
    return undefined;
  }
  return { identifier: { type: type as IdentifierRow["type"], value: normalised }, at };
}

export type RefResolution = { customerId: string } | { problem: string };

/**
 * Resolves the references of a batch in one statement: by id, by external id, or by the
 * identifier valid at the record's time. An erased customer takes no new data.
 */
export async function resolveCustomerRefs(db: DbOrTx, refs: readonly (CustomerRef | undefined)[]): Promise<(RefResolution | undefined)[]> {
  const rows = refs.flatMap((r, idx) =>
    r ? [{ idx, id: r.id ?? null, external_id: r.externalId ?? null, type: r.identifier?.type ?? null, value: r.identifier?.value ?? null, at: r.at.toISOString() }] : [],
  );
  const out: (RefResolution | undefined)[] = refs.map(() => undefined);
  if (!rows.length) return out;
  const found = rowsOf<{ idx: number; customer_id: string | null; erased: boolean | null }>(
    await db.execute(sql`
      select r.idx, r.customer_id, c.erased_at is not null as erased
      from (
        select x.idx, coalesce(
          (select c.id from customers c where c.id = x.id),
          (select c.id from customers c where c.external_id = x.external_id),
          (select i.customer_id from identifiers i
            where i.type = x.type::identifier_type and i.value = x.value and i.valid_from <= x.at and (i.valid_to is null or i.valid_to > x.at)
            order by i.valid_from desc limit 1)
        ) as customer_id
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(idx int, id uuid, external_id text, type text, value text, at timestamptz)
      ) r left join customers c on c.id = r.customer_id`),
  );
  for (const row of found) {
    const ref = refs[row.idx]!;
    if (!row.customer_id) {
      out[row.idx] = {
        problem: ref.identifier ? `no customer held ${ref.identifier.type} ${ref.identifier.value} at ${ref.at.toISOString()}` : "no such customer",
      };
    } else if (row.erased) out[row.idx] = { problem: "the customer is erased and takes no new data" };
    else out[row.idx] = { customerId: row.customer_id };
  }
  return out;
}
