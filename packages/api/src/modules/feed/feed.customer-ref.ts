import { executePrepared } from "../../db/prepared.js";
import { problem, type Problem } from "@tessera/schema/problems";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { sqlArray } from "../../db/arrays.js";
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
    v.fail(field, problem("CUSTOMER_REF_MISSING"));
    return undefined;
  }
  const given = [ref.id != null, ref.externalId != null, ref.identifier != null].filter(Boolean).length;
  if (given !== 1) {
    v.fail(field, problem("CUSTOMER_REF_AMBIGUOUS"));
    return undefined;
  }
  if (ref.id != null) {
    if (!isUuid(ref.id)) v.fail(`${field}.id`, problem("INVALID_ID"));
    return { id: ref.id, at };
  }
  if (ref.externalId != null) {
    v.text(`${field}.externalId`, ref.externalId, { required: true, max: 200 });
    return { externalId: ref.externalId.trim(), at };
  }
  const { type, value } = ref.identifier!;
  if (!(identifierType.enumValues as readonly string[]).includes(type)) {
    v.fail(`${field}.identifier.type`, problem("IDENTIFIER_TYPE_UNKNOWN", { allowed: identifierType.enumValues.join(", ") }));
    return undefined;
  }
  const normalised = normaliseIdentifier(type as IdentifierRow["type"], value ?? "");
  if (normalised === undefined || !normalised) {
    v.fail(`${field}.identifier.value`, problem("IDENTIFIER_INVALID", { value, type }));
    return undefined;
  }
  return { identifier: { type: type as IdentifierRow["type"], value: normalised }, at };
}

export type RefResolution = { customerId: string } | { problem: Problem };

interface Found {
  customer_id: string;
  erased: boolean;
}

/**
 * Resolves the references of a batch set-based, one statement per kind of reference given: ids
 * and external ids each as one array parameter (`= any(…)`, an index lookup per value), and
 * identifiers through their validity window at each record's own time. An erased customer takes
 * no new data.
 */
export async function resolveCustomerRefs(db: DbOrTx, refs: readonly (CustomerRef | undefined)[]): Promise<(RefResolution | undefined)[]> {
  const out: (RefResolution | undefined)[] = refs.map(() => undefined);
  const ids = [...new Set(refs.flatMap((r) => (r?.id && isUuid(r.id) ? [r.id.toLowerCase()] : [])))];
  const externalIds = [...new Set(refs.flatMap((r) => (r?.externalId ? [r.externalId] : [])))];
  const byIdentifier = refs.flatMap((r, idx) => (r?.identifier ? [{ idx, type: r.identifier.type, value: r.identifier.value, at: r.at.toISOString() }] : []));
  const [idRows, externalRows, identifierRows] = await Promise.all([
    ids.length
      ? executePrepared(db, sql`select id as key, id as customer_id, erased_at is not null as erased from customers where id = any(${sqlArray(ids, "uuid")})`)
      : undefined,
    externalIds.length
      ? executePrepared(db, sql`select external_id as key, id as customer_id, erased_at is not null as erased from customers where external_id = any(${sqlArray(externalIds, "text")})`)
      : undefined,
    byIdentifier.length
      ? executePrepared(db, sql`
          select x.idx as key, c.id as customer_id, c.erased_at is not null as erased
          from jsonb_to_recordset(${JSON.stringify(byIdentifier)}::jsonb) as x(idx int, type text, value text, at timestamptz)
          cross join lateral (
            select i.customer_id from identifiers i
            where i.type = x.type::identifier_type and i.value = x.value and i.valid_from <= x.at and (i.valid_to is null or i.valid_to > x.at)
            order by i.valid_from desc limit 1) held
          join customers c on c.id = held.customer_id`)
      : undefined,
  ]);
  const index = (rows: readonly unknown[]) => new Map((rows as (Found & { key: string | number })[]).map((r) => [String(r.key), r]));
  const [byId, byExternal, byHeld] = [index(idRows ?? []), index(externalRows ?? []), index(identifierRows ?? [])];
  refs.forEach((ref, idx) => {
    if (!ref) return;
    const found = ref.id ? byId.get(ref.id.toLowerCase()) : ref.externalId ? byExternal.get(ref.externalId) : byHeld.get(String(idx));
    if (!found) {
      out[idx] = {
        problem: ref.identifier ? problem("NO_CUSTOMER_WITH_IDENTIFIER", { type: ref.identifier.type, value: ref.identifier.value, at: ref.at.toISOString() }) : problem("NO_SUCH_CUSTOMER"),
      };
    } else if (found.erased) out[idx] = { problem: problem("CUSTOMER_ERASED") };
    else out[idx] = { customerId: found.customer_id };
  });
  return out;
}
