export const KEY_BYTES = 32;

/** A 32-byte key written as 64 hex characters or base64; undefined when it is neither. */
export function decodeKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) {
    const key = Buffer.from(t, "base64");
    if (key.length === KEY_BYTES) return key;
  }
  return undefined;
}

