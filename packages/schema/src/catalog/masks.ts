import type { Mask } from "./types.js";

const CJK = /[\u3400-\u9fff]/;

/** `13812345678` / `+8613812345678` → `138****5678` (the country code is dropped with the rest). */
export function maskPhone(value: string): string {
  const digits = value.replace(/^\+86/, "").replace(/\D/g, "");
  if (digits.length < 7) return "*".repeat(digits.length);
  return `${digits.slice(0, 3)}${"*".repeat(digits.length - 7)}****${digits.slice(-4)}`.replace(/\*{5,}/, "****");
}

/** First 3 and last 4 characters: `110***********002X`. */
export function maskNationalId(value: string): string {
  if (value.length <= 7) return "*".repeat(value.length);
  return `${value.slice(0, 3)}${"*".repeat(value.length - 7)}${value.slice(-4)}`;
}

/** `li.na@example.com` → `l***@example.com`. */
export function maskEmail(value: string): string {
  const at = value.indexOf("@");
  if (at < 1) return "***";
  return `${value[0]}***${value.slice(at)}`;
}

/** Chinese names keep the family name (`李*`, `欧阳**`); Latin names keep the last word (`J*** Smith`). */
export function maskName(value: string): string {
  const name = value.trim();
  if (CJK.test(name)) {
    // Two-character compound surnames are common enough to keep whole when the name is long.
    const family = name.length >= 4 ? name.slice(0, 2) : name.slice(0, 1);
    return family + "*".repeat(Math.max(1, name.length - family.length));
  }
  const words = name.split(/\s+/);
  if (words.length === 1) return `${name[0] ?? ""}***`;
  const last = words.at(-1)!;
  return `${words
    .slice(0, -1)
    .map((w) => `${w[0]}***`)
    .join(" ")} ${last}`;
}

/** Keeps the city: the text up to and including 市 (Chinese), or the last comma-separated part. */
export function maskAddress(value: string, city?: string | null): string {
  const cityEnd = value.indexOf("市");
  if (cityEnd >= 0) return `${value.slice(0, cityEnd + 1)}***`;
  if (city) return `${city} ***`;
  const parts = value.split(",").map((p) => p.trim());
  return parts.length > 1 ? `*** ${parts.at(-1)}` : "***";
}

/** A birth date becomes the first day of its 5-year band: 1987-06-12 → 1985-01-01. */
export function bucketDate(value: string): string {
  const year = Number(value.slice(0, 4));
  return `${year - (year % 5)}-01-01`;
}

/** Identifier values are masked the way their type is. */
export function maskIdentifier(value: string, type?: string): string {
  if (type === "MSISDN") return maskPhone(value);
  if (type === "EMAIL") return maskEmail(value);
  if (value.length <= 4) return "****";
  return `${value.slice(0, 2)}****${value.slice(-2)}`;
}

/** Applies a catalog mask; `row` gives context some masks need (identifier type, city). */
export function applyMask(mask: Mask, value: unknown, row: Record<string, unknown> = {}): unknown {
  if (value == null) return value;
  switch (mask) {
    case "PHONE":
      return maskPhone(String(value));
    case "NATIONAL_ID":
      return maskNationalId(String(value));
    case "EMAIL":
      return maskEmail(String(value));
    case "NAME":
      return maskName(String(value));
    case "ADDRESS":
      return maskAddress(String(value), row.city as string | undefined);
    case "DATE_BUCKET":
      return bucketDate(String(value));
    case "IDENTIFIER":
      return maskIdentifier(String(value), row.type as string | undefined);
    case "KEEP":
      return value;
    case "TEXT":
    case "WITHHOLD":
      return null;
  }
}
