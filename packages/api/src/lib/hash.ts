import { createHash } from "node:crypto";

/** Lower-case hex SHA-256 of a UTF-8 string (consent receipts, audit chain, API key secrets). */
export function sha256Hex(input: string): string {
  return createHash("sha256").update(input, "utf8").digest("hex");
}

/**
 * JSON with object keys sorted at every depth, no whitespace. Two structurally equal values
 * always give the same text, so a hash over it is stable however the object was built
 * (key insertion order differs between code paths and after a jsonb round trip).
 * Follows JSON.stringify otherwise: `toJSON` (Dates) is honoured, undefined members are dropped.
 */
export function canonicalJson(value: unknown): string {
  const text = stringify(value);
  // Like JSON.stringify, a top-level undefined has no JSON form.
  if (text === undefined) throw new TypeError("canonicalJson: value has no JSON representation");
  return text;
}

function stringify(value: unknown): string | undefined {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null || typeof value !== "object") {
    if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
    if (typeof value === "bigint") return value.toString();
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => stringify(item) ?? "null").join(",")}]`;
  }
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = stringify((value as Record<string, unknown>)[key]);
    if (member !== undefined) parts.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${parts.join(",")}}`;
}
