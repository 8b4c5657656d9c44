import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { ConfigError, env } from "../config/env.js";
import type { DbOrTx } from "../db/client.js";
import { sqlArray } from "../db/arrays.js";
import { rowsOf } from "../db/rows.js";
import { canonicalJson } from "../lib/hash.js";
import { decodeKey, KEY_BYTES } from "../lib/key-text.js";
import { logger } from "../lib/logger.js";
import { customerKeys, systemKeys } from "./keys.table.js";
import { weakMemo } from "../lib/memo.js";

/**
 * Key material of the audit trail. The master key is never in the database: it comes from
 * TESSERA_MASTER_KEY (or TESSERA_MASTER_KEY_FILE), or, for the embedded demo database, from a
 * key file created once beside the data directory (`<data dir>.master-key`, mode 0600). Every
 * other key is random and stored in the database only wrapped under it (AES-256-GCM):
 *   - one data key per customer (customer_keys): audit `changes` hash that customer's personal
 *     values with it, and erasure deletes it (crypto-shredding);
 *   - the chain key (system_keys "audit-chain"): the hash chain is an HMAC under it, so a row
 *     altered in the database cannot be re-chained without the master key;
 *   - the key of personal values that belong to no customer (system_keys "audit-unowned").
 * Rotating the master key re-wraps these rows (`tessera keys rotate`); the hashes stay valid.
 */

export interface MasterKey {
  key: Buffer;
  /** A fingerprint (not the key): which master key wrapped a stored key. */
  id: string;
}

export function masterKeyOf(key: Buffer): MasterKey {
  return { key, id: createHmac("sha256", key).update("tessera master key id").digest("hex").slice(0, 16) };
}

/** `<data dir>.master-key`: beside the embedded data directory, never inside it (a copied data dir does not carry it). */
export const masterKeyFile = (dataDir: string) => `${resolve(dataDir).replace(/[\\/]+$/, "")}.master-key`;
export const signingKeyFile = (dataDir: string) => `${resolve(dataDir).replace(/[\\/]+$/, "")}.audit-signing-key`;

/** Reads a key file, creating it (random, mode 0600) when absent. */
export function keyFromFile(path: string, label: string): Buffer {
  if (!existsSync(path)) {
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600);
    logger.warn({ path }, `created ${label} key file: back it up and keep it out of database backups`);
  }
  if ((statSync(path).mode & 0o077) !== 0) throw new ConfigError([`${label} key file ${path} is readable by other users: chmod 600 it`]);
  const key = decodeKey(readFileSync(path, "utf8"));
  if (!key) throw new ConfigError([`${label} key file ${path} does not hold a 32-byte key (hex or base64)`]);
  return key;
}

/**
 * The key configured by `variable`, or the key file beside the data directory where that is
 * allowed (the embedded database, or any database outside production).
 */
function configuredKey(variable: "TESSERA_MASTER_KEY" | "TESSERA_AUDIT_SIGNING_KEY", file: string, label: string): Buffer {
  const config = env();
  const text = config[variable];
  if (text) return decodeKey(text)!; // validated in config/env.ts
  if (!config.DATABASE_URL || config.NODE_ENV !== "production") return keyFromFile(file, label);
  throw new ConfigError([`${variable}: required with DATABASE_URL in production (32 bytes, e.g. \`openssl rand -base64 32\`); see docs/privacy.md`]);
}

let master: MasterKey | undefined;
/** This process's master key (config/env.ts validates the variable). */
export function masterKey(): MasterKey {
  master ??= masterKeyOf(configuredKey("TESSERA_MASTER_KEY", masterKeyFile(env().TESSERA_DATA_DIR), "master"));
  return master;
}

/** The Ed25519 seed that signs audit checkpoints (audit/checkpoint.ts). */
export function signingSeed(): Buffer {
  return configuredKey("TESSERA_AUDIT_SIGNING_KEY", signingKeyFile(env().TESSERA_DATA_DIR), "audit signing");
}

/** AES-256-GCM: base64(iv ‖ ciphertext ‖ tag), `context` as authenticated data (a key cannot be moved to another customer). */
export function wrapKey(master: MasterKey, dataKey: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", master.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
}

export function unwrapKey(master: MasterKey, wrapped: string, context: string): Buffer {
  const bytes = Buffer.from(wrapped, "base64");
  const decipher = createDecipheriv("aes-256-gcm", master.key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
}

export class WrongMasterKeyError extends Error {
  constructor(what: string, storedId: string, current: MasterKey) {
    super(`${what} is wrapped under master key ${storedId}, but this process has master key ${current.id}: set TESSERA_MASTER_KEY to the key the database was created with, or re-wrap with \`tessera keys rotate\``);
  }
}

function unwrapStored(m: MasterKey, row: { wrapped: string; masterKeyId: string }, context: string): Buffer {
  if (row.masterKeyId !== m.id) throw new WrongMasterKeyError(context, row.masterKeyId, m);
  return unwrapKey(m, row.wrapped, context);
}

export const customerKeyContext = (customerId: string) => `customer:${customerId}`;
export const systemKeyContext = (name: string) => `system:${name}`;
export type SystemKeyName = "audit-chain" | "audit-unowned";

const systemKeysOf = weakMemo((_owner: object) => new Map<SystemKeyName, Promise<Buffer>>());

/** A system key, created on first use (two processes racing both read the one that won). Cached per database. */
export function systemKey(db: DbOrTx, name: SystemKeyName, cacheOwner: object = db): Promise<Buffer> {
  const byName = systemKeysOf(cacheOwner);
  let key = byName.get(name);
  if (!key) {
    key = loadSystemKey(db, name);
    key.catch(() => byName.delete(name));
    byName.set(name, key);
  }
  return key;
}

async function loadSystemKey(db: DbOrTx, name: SystemKeyName): Promise<Buffer> {
  const m = masterKey();
  const context = systemKeyContext(name);
  await db
    .insert(systemKeys)
    .values({ name, wrapped: wrapKey(m, randomBytes(KEY_BYTES), context), masterKeyId: m.id })
    .onConflictDoNothing();
  const [row] = await db.select().from(systemKeys).where(sql`${systemKeys.name} = ${name}`);
  return unwrapStored(m, row!, context);
}

/**
 * The data keys of customers, creating the missing ones. Ids that name no customer (yet or any
 * more) get none: their values are hashed under the unowned key.
 */
export async function customerDataKeys(db: DbOrTx, customerIds: readonly string[]): Promise<Map<string, Buffer>> {
  const keys = new Map<string, Buffer>();
  if (!customerIds.length) return keys;
  const m = masterKey();
  const ids = [...new Set(customerIds)];
  const wrapped = ids.map((id) => wrapKey(m, randomBytes(KEY_BYTES), customerKeyContext(id)));
  await db.execute(sql`
    insert into ${customerKeys} (customer_id, wrapped, master_key_id)
    select v.id, v.wrapped, ${m.id} from unnest(${sqlArray(ids, "uuid")}, ${sqlArray(wrapped, "text")}) as v(id, wrapped)
    where exists (select 1 from customers c where c.id = v.id)
    on conflict (customer_id) do nothing`);
  const rows = rowsOf<{ customer_id: string; wrapped: string; master_key_id: string }>(
    await db.execute(sql`select customer_id, wrapped, master_key_id from ${customerKeys} where customer_id = any(${sqlArray(ids, "uuid")})`),
  );
  for (const row of rows) keys.set(row.customer_id, unwrapStored(m, { wrapped: row.wrapped, masterKeyId: row.master_key_id }, customerKeyContext(row.customer_id)));
  return keys;
}

/** Crypto-shredding: without the key nobody can test a guess against the customer's stored hashes. */
export async function shredCustomerKey(db: DbOrTx, customerId: string): Promise<boolean> {
  const rows = await db.delete(customerKeys).where(sql`${customerKeys.customerId} = ${customerId}`).returning({ id: customerKeys.customerId });
  return rows.length > 0;
}

/** How a personal value appears in the trail: HMAC-SHA-256 under its owner's key. */
export function keyedHash(key: Buffer, value: unknown): string {
  return `hmac:${createHmac("sha256", key).update(canonicalJson(value)).digest("hex")}`;
}

/**
 * Re-wraps every stored key from one master key to another, in one transaction (run as the
 * database owner, with both keys at hand). Hashes and the chain are unchanged: the data keys are.
 */
export async function rewrapKeys(db: DbOrTx, from: MasterKey, to: MasterKey): Promise<{ customers: number; system: number }> {
  return db.transaction(async (tx) => {
    let customers = 0;
    for (const row of await tx.select().from(customerKeys)) {
      const context = customerKeyContext(row.customerId);
      const key = unwrapStored(from, row, context);
      await tx.update(customerKeys).set({ wrapped: wrapKey(to, key, context), masterKeyId: to.id }).where(sql`${customerKeys.customerId} = ${row.customerId}`);
      customers++;
    }
    let system = 0;
    for (const row of await tx.select().from(systemKeys)) {
      const context = systemKeyContext(row.name);
      const key = unwrapStored(from, row, context);
      await tx.update(systemKeys).set({ wrapped: wrapKey(to, key, context), masterKeyId: to.id }).where(sql`${systemKeys.name} = ${row.name}`);
      system++;
    }
    return { customers, system };
  });
}
