import { problem } from "@tessera/schema/problems";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { env } from "../config/env.js";
import type { DbOrTx } from "../db/client.js";
import { getOrInitSetting } from "../modules/system/settings.queries.js";
import { BadInputError } from "./errors.js";

/**
 * Keyset cursors, sealed. A cursor carries the sort key of the last row (a name, a due date, an
 * interaction time), which the answer may withhold from the caller (issue 10 item 6), so cursors
 * are encrypted and authenticated (AES-256-GCM): opaque to clients and impossible to forge. The
 * list a cursor was issued for is bound in as associated data, so a cursor of one list or order
 * is refused by another. Every connection uses this one helper.
 */
export interface CursorCodec {
  /** Seals the sort key values of a row of list `list` (e.g. `customers:NAME`). */
  encode(list: string, values: readonly unknown[]): string;
  /** The values sealed in a cursor of `list`; BAD_USER_INPUT for anything else. */
  decode(list: string, cursor: string, arity: number, field?: string): unknown[];
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A codec keyed by a secret (HKDF-derived, so the cursor key is not the session-token key itself). */
export function cursorCodecFromSecret(secret: string): CursorCodec {
  const key = Buffer.from(hkdfSync("sha256", secret, "tessera", "cursor/v1", 32));
  const ivKey = Buffer.from(hkdfSync("sha256", secret, "tessera", "cursor/v1/iv", 32));
  return {
    encode(list, values) {
      const plain = JSON.stringify(values);
      // Synthetic IV (HMAC of list and content): the same position always gives the same cursor,
      // and distinct positions never share an IV.
      const iv = createHmac("sha256", ivKey).update(list).update("\0").update(plain).digest().subarray(0, IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(list));
      const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
    },
    decode(list, cursor, arity, field = "after") {
      try {
        const raw = Buffer.from(cursor, "base64url");
        if (raw.length > IV_BYTES + TAG_BYTES) {
          const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
          decipher.setAAD(Buffer.from(list));
          decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
          const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString("utf8");
          const values = JSON.parse(plain);
          if (Array.isArray(values) && values.length === arity) return values;
        }
      } catch {
        // fall through to the typed error: tampered, foreign or malformed
      }
      throw BadInputError.field(field, problem("INVALID_CURSOR"));
    },
  };
}

const codecs = new WeakMap<object, Promise<CursorCodec>>();

/**
 * Sets a database's codec up front from the secret the server signs sessions with (TESSERA_SECRET
 * or the database's `token_secret`, as cursorCodec would find it), so no request pays for the lookup.
 */
export function primeCursorCodec(db: DbOrTx, secret: string) {
  if (!codecs.has(db)) codecs.set(db, Promise.resolve(cursorCodecFromSecret(env().TESSERA_SECRET ?? secret)));
}

/**
 * The codec of a database: keyed by TESSERA_SECRET when set, else by the secret the database
 * keeps for session tokens (settings `token_secret`), so every replica agrees.
 */
export function cursorCodec(db: DbOrTx): Promise<CursorCodec> {
  let codec = codecs.get(db);
  if (!codec) {
    const configured = env().TESSERA_SECRET;
    codec = (configured ? Promise.resolve(configured) : getOrInitSetting(db, "token_secret", () => randomBytes(32).toString("base64url"))).then(cursorCodecFromSecret);
    codec.catch(() => codecs.delete(db));
    codecs.set(db, codec);
  }
  return codec;
}
