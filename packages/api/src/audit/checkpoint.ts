import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import type { Db } from "../db/client.js";
import { canonicalJson } from "../lib/hash.js";
import { signingSeed } from "./keys.js";
import { sealPending } from "./seal.js";
import { verifyAuditChain } from "./verify.js";

export const CHECKPOINT_FORMAT = "tessera-audit-checkpoint/1" as const;

/**
 * A signed statement of the chain's head: "at createdAt, the sealed chain had `pos` events and
 * ended in `hash`". Kept outside the database (by an auditor, in a WORM bucket), it reveals a
 * deleted tail and any rewrite before it, even by someone holding the chain key.
 */
export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  pos: number;
  hash: string;
  createdAt: string;
  /** Ed25519 public key (SPKI DER, base64): compare it with the one the operator published. */
  publicKey: string;
  /** Ed25519 signature (base64) over the canonical JSON of every other member. */
  signature: string;
}

// PKCS#8 DER of an Ed25519 private key is this prefix followed by the 32-byte seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function signingKeyFromSeed(seed: Buffer): { privateKey: KeyObject; publicKey: string } {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(privateKey).export({ type: "spki", format: "der" }).toString("base64");
  return { privateKey, publicKey };
}

/** The public key of this process's signing key: what an auditor needs, and no secret. */
export function checkpointPublicKey(): string {
  return signingKeyFromSeed(signingSeed()).publicKey;
}

const payload = (cp: Omit<Checkpoint, "signature">) =>
  Buffer.from(canonicalJson({ format: cp.format, pos: cp.pos, hash: cp.hash, createdAt: cp.createdAt, publicKey: cp.publicKey }), "utf8");

export class CheckpointError extends Error {}

/** Seals what is pending, verifies the whole chain, and signs its head. Refuses to sign a broken chain. */
export async function createCheckpoint(db: Db, seed: Buffer = signingSeed(), now = new Date()): Promise<Checkpoint> {
  await sealPending(db, { wait: true });
  const chain = await verifyAuditChain(db);
  if (!chain.ok) throw new CheckpointError(`The audit chain is broken at event #${chain.firstBroken!.seq} (${chain.firstBroken!.reason}); no checkpoint signed`);
  const { privateKey, publicKey } = signingKeyFromSeed(seed);
  const body = { format: CHECKPOINT_FORMAT, pos: chain.lastPos, hash: chain.lastHash, createdAt: now.toISOString(), publicKey };
  return { ...body, signature: sign(null, payload(body), privateKey).toString("base64") };
}

/**
 * Checks a checkpoint's signature against the trusted public key (the operator's published key;
 * the key inside the file alone proves nothing, anyone can sign with their own). Returns why not.
 */
export function checkpointSignatureProblem(cp: Checkpoint, trustedPublicKey: string): string | undefined {
  if (cp.format !== CHECKPOINT_FORMAT) return `not a ${CHECKPOINT_FORMAT} file`;
  if (cp.publicKey !== trustedPublicKey) return "it is signed by another key than the trusted public key";
  const key = createPublicKey({ key: Buffer.from(trustedPublicKey, "base64"), format: "der", type: "spki" });
  const { signature, ...body } = cp;
  return verify(null, payload(body), key, Buffer.from(signature, "base64")) ? undefined : "its signature does not verify (the file was altered)";
}
