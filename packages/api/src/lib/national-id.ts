/**
 * PRC resident identity numbers (GB 11643-1999): 6-digit administrative division code,
 * 8-digit birth date YYYYMMDD, 3-digit sequence (odd for men, even for women) and a check
 * character computed with ISO 7064 MOD 11-2. Validation here is structural only: it proves a
 * number was not mistyped, not that it was issued.
 */

// Weight of position i is 2^(17 - i) mod 11, as ISO 7064 MOD 11-2 prescribes.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
// Check character indexed by (weighted sum mod 11); 10 is written as "X".
const CHECK_CHARS = "10X98765432";

/** The check character ("0"–"9" or "X") for the first 17 digits of a national id. */
export function nationalIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError("nationalIdCheckDigit expects exactly 17 digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** True for an 18-character id with a plausible birth date and a correct check character (x or X). */
export function isValidNationalId(id: string): boolean {
  if (typeof id !== "string" || !/^\d{17}[\dXx]$/.test(id)) return false;
  if (!isPlausibleBirthDate(id.slice(6, 14))) return false;
  return nationalIdCheckDigit(id.slice(0, 17)) === id[17].toUpperCase();
}

function isPlausibleBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Rejects 31 April, 29 February of common years and the like.
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
