import { createHmac } from "node:crypto";
import { canonicalJson } from "../lib/hash.js";
import type { AuditEventContent } from "./audit.table.js";

export const GENESIS_HASH = "0".repeat(64);

/** The canonical text of an event: every stored column, keys sorted, times in ISO. */
export function canonicalAuditRow(row: AuditEventContent): string {
  return canonicalJson({
    seq: row.seq,
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

/**
 * hash = HMAC-SHA-256(chain key, prev_hash ‖ pos ‖ canonical event). The key is not in the
 * database (audit/keys.ts), so whoever can write the tables cannot re-chain an altered row; the
 * chain covers the stored text, so erasure (which shreds keys, not rows) leaves it verifiable.
 */
export function chainHash(chainKey: Buffer, prevHash: string, pos: number, row: AuditEventContent): string {
  return createHmac("sha256", chainKey).update(`${prevHash}\n${pos}\n${canonicalAuditRow(row)}`).digest("hex");
}
