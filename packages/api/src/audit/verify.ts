import type { DbOrTx } from "../db/client.js";
import { chainHash, GENESIS_HASH } from "./audit.chain.js";
import { countAuditEvents, selectChainBatch } from "./audit.queries.js";
import type { AuditEventRow } from "./audit.table.js";

export const DEFAULT_VERIFY_BATCH_SIZE = 5_000;

export interface ChainBreak {
  /** seq of the first event that fails verification. */
  seq: number;
  reason: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Events checked, up to and including the first broken one. */
  checked: number;
  firstBroken: ChainBreak | null;
  /** Hash of the last event that verified (the genesis hash for an empty chain). */
  lastHash: string;
}

export interface VerifyProgress {
  checked: number;
  /** Events in the chain when verification started (appends continue meanwhile). */
  total: number;
}

export interface VerifyOptions {
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (progress: VerifyProgress) => void;
}

/**
 * Re-computes the hash chain in seq order, streaming it in keyset batches so memory stays flat
 * however long the trail is. Each event must (1) hash to its stored hash from its own contents
 * and stored prev_hash — else it was altered — and (2) carry the previous event's hash as its
 * prev_hash — else events were deleted or inserted before it. Stops at the first break.
 *
 * seq gaps alone are not evidence: identity values are consumed by rolled-back transactions too.
 * Removing events from the end leaves a valid, shorter chain; only a copy of `lastHash` kept
 * elsewhere reveals that.
 */
export async function verifyAuditChain(db: DbOrTx, options: VerifyOptions = {}): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? DEFAULT_VERIFY_BATCH_SIZE;
  const total = options.onProgress ? await countAuditEvents(db) : 0;
  let prevHash = GENESIS_HASH;
  let prevSeq: number | undefined;
  let checked = 0;
  // The next batch is fetched while this one is hashed: the database and the CPU work in parallel.
  let next: Promise<AuditEventRow[]> | undefined = selectChainBatch(db, undefined, batchSize);
  while (next) {
    const rows: AuditEventRow[] = await next;
    next = rows.length === batchSize ? selectChainBatch(db, rows.at(-1)!.seq, batchSize) : undefined;
    for (const row of rows) {
      checked++;
      const reason = breakReason(row, prevHash, prevSeq);
      if (reason) {
        next?.catch(() => {});
        return { ok: false, checked, firstBroken: { seq: row.seq, reason }, lastHash: prevHash };
      }
      prevHash = row.hash;
      prevSeq = row.seq;
    }
    options.onProgress?.({ checked, total: Math.max(total, checked) });
  }
  return { ok: true, checked, firstBroken: null, lastHash: prevHash };
}

function breakReason(row: AuditEventRow, expectedPrev: string, prevSeq: number | undefined): string | undefined {
  if (chainHash(row.prevHash, row) !== row.hash) return "its contents do not match its hash (the event was altered)";
  if (row.prevHash === expectedPrev) return undefined;
  return prevSeq === undefined
    ? "it does not start the chain (prev_hash is not the genesis hash): earlier events were removed"
    : `its prev_hash is not the hash of event #${prevSeq}: events between them were removed or inserted`;
}
