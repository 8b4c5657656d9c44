import type { Db } from "../db/client.js";
import { chainHash, GENESIS_HASH } from "./audit.chain.js";
import { countSeals, selectChainBatch, type ChainLink } from "./audit.queries.js";
import type { Checkpoint } from "./checkpoint.js";
import { systemKey } from "./keys.js";
import { countUnsealed } from "./seal.js";

export const DEFAULT_VERIFY_BATCH_SIZE = 5_000;

export interface ChainBreak {
  /** seq of the first event that fails verification. */
  seq: number;
  reason: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Sealed events checked, up to and including the first broken one. */
  checked: number;
  firstBroken: ChainBreak | null;
  /** Hash of the last event that verified (the genesis hash for an empty chain). */
  lastHash: string;
  /** Position of that event in the chain (0 for an empty chain). */
  lastPos: number;
  /** Events written but not sealed yet: not covered by this verification. */
  unsealed: number;
  /** Set when a checkpoint was given: whether the chain still holds the head it signed. */
  checkpoint?: { ok: boolean; reason: string | null };
}

export interface VerifyProgress {
  checked: number;
  /** Sealed events when verification started (sealing continues meanwhile). */
  total: number;
}

export interface VerifyOptions {
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (progress: VerifyProgress) => void;
  /** A signed checkpoint kept outside the database (its signature is checked by the caller). */
  checkpoint?: Checkpoint;
}

/**
 * Re-computes the keyed hash chain in pos order, streaming it in keyset batches so memory stays
 * flat however long the trail is. Each seal must (1) be the HMAC of its event's stored contents
 * and stored prev_hash under the chain key — else the event or seal was altered, and without the
 * master key it cannot be re-chained — and (2) carry the previous seal's hash as its prev_hash —
 * else seals were deleted or inserted before it. Stops at the first break.
 *
 * Removing seals from the end leaves a valid, shorter chain: a checkpoint (a signed head kept
 * outside the database) reveals it, and any change before the checkpoint changes its hash.
 */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? DEFAULT_VERIFY_BATCH_SIZE;
  const chainKey = await systemKey(db, "audit-chain");
  const total = options.onProgress ? await countSeals(db) : 0;
  let prevHash = GENESIS_HASH;
  let prevPos = 0;
  let checked = 0;
  let hashAtCheckpoint: string | undefined;
  const cp = options.checkpoint;
  // The next batch is fetched while this one is hashed: the database and the CPU work in parallel.
  let next: Promise<ChainLink[]> | undefined = selectChainBatch(db, undefined, batchSize);
  while (next) {
    const links: ChainLink[] = await next;
    next = links.length === batchSize ? selectChainBatch(db, links.at(-1)!.pos, batchSize) : undefined;
    for (const link of links) {
      checked++;
      const reason = breakReason(chainKey, link, prevHash, prevPos);
      if (reason) {
        next?.catch(() => {});
        return { ok: false, checked, firstBroken: { seq: link.seq, reason }, lastHash: prevHash, lastPos: prevPos, unsealed: await countUnsealed(db) };
      }
      prevHash = link.hash;
      prevPos = link.pos;
      if (cp && link.pos === cp.pos) hashAtCheckpoint = link.hash;
    }
    options.onProgress?.({ checked, total: Math.max(total, checked) });
  }
  const result: ChainVerification = { ok: true, checked, firstBroken: null, lastHash: prevHash, lastPos: prevPos, unsealed: await countUnsealed(db) };
  if (cp) {
    result.checkpoint = checkAgainst(cp, prevPos, hashAtCheckpoint);
    result.ok = result.checkpoint.ok;
  }
  return result;
}

function checkAgainst(cp: Checkpoint, lastPos: number, hashAtCheckpoint: string | undefined): { ok: boolean; reason: string | null } {
  if (cp.pos === 0) return { ok: true, reason: null };
  if (lastPos < cp.pos) {
    return { ok: false, reason: `the chain ends at position ${lastPos}, before the checkpoint's position ${cp.pos}: sealed events were removed from the end` };
  }
  if (hashAtCheckpoint !== cp.hash) {
    return { ok: false, reason: `the hash at position ${cp.pos} is not the checkpoint's: the chain up to the checkpoint was rewritten` };
  }
  return { ok: true, reason: null };
}

function breakReason(chainKey: Buffer, link: ChainLink, expectedPrev: string, prevPos: number): string | undefined {
  if (!link.event) return "its sealed event is missing from audit_events (the event was removed)";
  if (chainHash(chainKey, link.prevHash, link.pos, link.event) !== link.hash) return "its contents do not match its hash (the event was altered)";
  if (link.prevHash === expectedPrev && link.pos === prevPos + 1) return undefined;
  return prevPos === 0
    ? "it does not start the chain (prev_hash is not the genesis hash): earlier events were removed"
    : `its prev_hash is not the hash of the event at position ${prevPos}: events between them were removed or inserted`;
}
