import { canonicalJson, sha256Hex } from "../lib/hash.js";
import type { AuditEventRow } from "./audit.table.js";

export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = Omit<AuditEventRow, "seq" | "prevHash" | "hash">;

/** The canonical text of a row: everything but seq and the hashes, keys sorted, times in ISO. */
export function canonicalAuditRow(row: ChainedFields): string {
  return canonicalJson({
    occurredAt: row.occurredAt.toISOString(),
    requestId: row.requestId,
    principal: row.principal,
    principalKind: row.principalKind,
    role: row.role ?? null,
    partnerId: row.partnerId ?? null,
    purpose: row.purpose,
    operation: row.operation,
    action: row.action,
    customerIds: row.customerIds,
    fields: row.fields,
    changes: row.changes ?? null,
  });
}

/** hash = sha256(prev_hash || canonical row). */
export function chainHash(prevHash: string, row: ChainedFields): string {
  return sha256Hex(prevHash + canonicalAuditRow(row));
}
