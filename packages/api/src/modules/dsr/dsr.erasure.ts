import { and, sql } from "drizzle-orm";
import { diffForAudit, type AuditCollector } from "../../audit/audit.collector.js";
import type { AuditChange } from "../../audit/audit.table.js";
import { shredCustomerKey } from "../../audit/keys.js";
import type { DbOrTx } from "../../db/client.js";
import { ConflictError, NotFoundError } from "../../graphql/errors.js";
import { auditedFields, clearingPatch, ERASED_TYPES, fieldsErased, handlingOf, ownRows } from "./dsr.catalog.js";
import {
  countOwnedRows,
  countRows,
  deleteRows,
  deleteUsageMonths,
  dropExportsOfCustomer,
  selectCustomer,
  selectCustomerForUpdate,
  selectUsageOfCustomer,
  updateOwnedRows,
} from "./dsr.queries.js";
import { billingHold, ERASED_TEXT, LEGAL_HOLD } from "./dsr.rules.js";
import { clearMergeSnapshotsOf, selectUnerasedRecordsMergedInto } from "../identity/merge.queries.js";
import { emitEvent, partnersThatReceived } from "../webhook/outbox.js";

export interface ErasureEvidence {
  erasedAt: string;
  /** Per catalog type, and per stored record outside the catalog (dsr.catalog.ts RECORDS): what happened to its rows. Counts, field names, months and dates only. */
  types: Record<string, Record<string, unknown>>;
  exportsDropped: number;
  legalHold: { rule: typeof LEGAL_HOLD; heldMonths: { month: string; reason: string; until: string }[]; until: string | null };
  /** GDPR Art. 19: the partners the audit trail shows received the customer's data, and those of them sent a CUSTOMER_ERASED notice (a webhook for it). */
  recipients: { partnersThatReceivedData: string[]; notified: string[] };
  /** The records merged into the customer (tombstones of the same person), erased with it, by id; each its own evidence. */
  mergedRecords: Record<string, ErasureEvidence>;
}

/**
 * Anonymises a customer (SPEC §4.7 ERASURE) in the caller's transaction, following the catalog:
 * each catalog type's rows, then each stored record's outside the catalog (the outbound-event
 * log), are cleared, deleted, held or kept by its erasure rule (dsr.catalog.ts). Audited as ERASE
 * with keyed hashes of the cleared values only, then the
 * customer's data key is destroyed. An already erased
 * customer is CONFLICT, and the caller's transaction rolls back whatever was done.
 *
 * Then every record merged into the customer is erased the same way, in the same transaction
 * (and the records merged into those): a merge found them to be one person, and a tombstone keeps
 * the profile it had when merged (name, contact, national id), which still answers by its id. Each
 * is audited, shredded and announced (CUSTOMER_ERASED with its own id, to the partners that
 * received its data) on its own; its merge reference (merged_into) stays, so the id still answers
 * `mergedInto`.
 */
export async function eraseCustomer(tx: DbOrTx, audit: Pick<AuditCollector, "write">, customerId: string, now = new Date()): Promise<ErasureEvidence> {
  const before = await selectCustomerForUpdate(tx, customerId);
  if (!before) throw new NotFoundError("Customer", customerId);
  if (before.erasedAt) throw new ConflictError(`Customer ${customerId} was already erased on ${before.erasedAt.toISOString()}`, { erasedAt: before.erasedAt.toISOString() });

  const types: ErasureEvidence["types"] = {};
  const changes: AuditChange[] = [];
  const fieldsTouched: string[] = [];
  let heldMonths: ErasureEvidence["legalHold"]["heldMonths"] = [];

  for (const type of ERASED_TYPES) {
    const { erasure, storage, scrub, spare } = handlingOf(type);
    if (scrub) {
      const rows = await scrub(tx, customerId);
      if (rows) {
        fieldsTouched.push(...auditedFields(type));
        changes.push({ field: `${type}.scrubbed`, before: { rows }, after: null });
      }
      if (erasure === "EMBEDDED") types[type] = { rule: erasure, rowsScrubbed: rows };
    }
    if (erasure === "DERIVED" || erasure === "EMBEDDED" || !storage) continue;
    const fields = fieldsErased(type);
    switch (erasure) {
      case "CLEAR_ALL_PERSONAL":
      case "CLEAR_IDENTIFYING": {
        const patch = clearingPatch(storage.table, fields, ERASED_TEXT);
        const values = type === "Customer" ? { ...patch.values, erasedAt: now, version: sql`version + 1`, updatedAt: now } : patch.values;
        const where = type === "Customer" ? sql`true` : patch.holdsValue;
        const rows = await updateOwnedRows(tx, storage.table, storage.customerId, customerId, values, where, storage.key);
        types[type] = { rule: erasure, fieldsCleared: fields, rows };
        fieldsTouched.push(...fields.map((f) => `${type}.${f}`));
        if (type !== "Customer" && rows) changes.push({ field: `${type}.{${fields.join(",")}}`, before: { rows }, after: null });
        break;
      }
      case "DELETE_ROWS": {
        const mine = ownRows(storage, customerId);
        // `is not true`: a row the spare condition cannot decide for is deleted, not kept.
        const rows = await deleteRows(tx, storage.table, spare ? and(mine, sql`(${spare}) is not true`)! : mine, storage.key);
        const kept = spare ? await countRows(tx, storage.table, and(mine, spare)!) : 0;
        types[type] = spare ? { rule: erasure, rowsDeleted: rows, rowsKept: kept } : { rule: erasure, rowsDeleted: rows };
        if (rows) {
          fieldsTouched.push(...auditedFields(type));
          changes.push({ field: type, before: { rows: rows + kept }, after: { rows: kept } });
        }
        break;
      }
      case "BILLING_HOLD": {
        const usage = await selectUsageOfCustomer(tx, customerId);
        const free: string[] = [];
        const held: typeof heldMonths = [];
        for (const row of usage) {
          const hold = billingHold(row, now);
          if (hold) held.push({ month: row.month, reason: hold.reason, until: hold.until.toISOString() });
          else free.push(row.month);
        }
        const deleted = await deleteUsageMonths(tx, customerId, free);
        heldMonths = held;
        types[type] = { rule: erasure, rowsDeleted: deleted, rowsHeld: held.length };
        if (deleted) {
          fieldsTouched.push(...auditedFields(type));
          changes.push({ field: type, before: { rows: usage.length }, after: { rows: held.length } });
        }
        break;
      }
      case "KEEP_AS_PROOF":
        types[type] = { rule: erasure, rowsKept: await countOwnedRows(tx, storage.table, storage.customerId, customerId) };
        break;
      default:
        throw new Error(`Erasure rule ${erasure} of ${type} has no step in dsr.erasure.ts`);
    }
  }

  const after = await selectCustomer(tx, customerId);
  // Personal values appear in the trail only as keyed hashes under the customer's data key (diffForAudit follows the catalog).
  changes.unshift(...diffForAudit("Customer", before, after as unknown as Record<string, unknown>));
  const exportsDropped = await dropExportsOfCustomer(tx, customerId);
  // Merge records keep both profiles for an undo: an erased customer's copies go (the merge can then not be undone).
  await clearMergeSnapshotsOf(tx, customerId);
  await audit.write(tx, { action: "ERASE", customerIds: [customerId], fields: [...new Set(fieldsTouched)].sort(), changes });
  // Crypto-shredding, after the ERASE row used the key: every hash of the customer's values in the
  // trail, this row's included, can no longer be tested against a guess. The chain still verifies.
  await shredCustomerKey(tx, customerId);
  const received = await partnersThatReceived(tx, customerId);
  const notified = await emitEvent(tx, { type: "CUSTOMER_ERASED", customerId, to: received });

  const mergedRecords: ErasureEvidence["mergedRecords"] = {};
  for (const id of await selectUnerasedRecordsMergedInto(tx, customerId)) mergedRecords[id] = await eraseCustomer(tx, audit, id, now);

  const until = heldMonths.reduce<string | null>((latest, m) => (latest === null || m.until > latest ? m.until : latest), null);
  return {
    erasedAt: now.toISOString(),
    types,
    exportsDropped,
    legalHold: { rule: LEGAL_HOLD, heldMonths, until },
    recipients: { partnersThatReceivedData: received.sort(), notified: notified.sort() },
    mergedRecords,
  };
}
