/**
 * Identifiers with real-world structure: MSISDNs, national ids, account numbers, IMEIs,
 * WeChat OpenIDs and e-mail addresses.
 *
 * MSISDNs, account numbers and e-mail addresses must not collide between customers (identity
 * resolution looks customers up by them), and a random draw would collide a few hundred times
 * in a million. They are therefore built from an affine permutation of the customer's index,
 * (a·i + b) mod 10^k with gcd(a, 10) = 1, which is a bijection on [0, 10^k): unique by
 * construction, yet not visibly sequential.
 */
import { nationalIdCheckDigit } from "../lib/national-id.js";
import { mix32, type Random } from "./random.js";

/** Permutes [0, 10^digits) — a must be odd and not a multiple of 5. */
function permute(index: number, a: number, b: number, digits: number): number {
  const modulus = 10 ** digits;
  // index < 10^8 and a < 10^8 keep the product below 2^53, so the arithmetic is exact.
  return (((a * index) % modulus) + (b % modulus)) % modulus;
}

/** Mobile prefixes in service on the 13x/15x/17x/18x/19x ranges. */
const MOBILE_PREFIXES = [
  "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
  "150", "151", "152", "153", "155", "156", "157", "158", "159",
  "170", "171", "172", "173", "175", "176", "177", "178",
  "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
  "191", "193", "195", "196", "197", "198", "199",
];

/** Lines per customer that get distinct numbers; line indexes are customer·LINES + n. */
export const MAX_LINES_PER_CUSTOMER = 16;

/**
 * The E.164 MSISDN of line `lineIndex` (+86 1xx xxxx xxxx). The 8 subscriber digits are a
 * permutation of the line index, so numbers are unique for up to 10^8 lines whatever prefix is
 * chosen; the prefix is a hash of the index so the number is a pure function of (seed, line).
 */
export function msisdn(seedHash: number, lineIndex: number): string {
  const subscriber = permute(lineIndex, 73_939_133, mix32(seedHash ^ 0x5bd1e995), 8);
  const prefix = MOBILE_PREFIXES[mix32(lineIndex ^ seedHash) % MOBILE_PREFIXES.length];
  return `+86${prefix}${String(subscriber).padStart(8, "0")}`;
}

/** A customer account number: home district code + 8 permuted digits (unique per customer). */
export function accountNumber(seedHash: number, customerIndex: number, districtCode: string): string {
  return districtCode + String(permute(customerIndex, 19_260_817, mix32(seedHash ^ 0x27d4eb2f), 8)).padStart(8, "0");
}

/** A number unique per customer, for e-mail local parts (up to 10^7 customers). */
export function mailNumber(seedHash: number, customerIndex: number): number {
  return permute(customerIndex, 4_194_301, mix32(seedHash ^ 0x165667b1), 7);
}

/** A QQ number (5–11 digits in reality; 9 here, unique per customer). */
export function qqNumber(seedHash: number, customerIndex: number): string {
  return String(100_000_000 + permute(customerIndex, 48_271_007, mix32(seedHash ^ 0x61c88647), 8));
}

const PERSONAL_MAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ["163.com", 30], ["126.com", 12], ["qq.com", 35], ["sina.com", 6], ["foxmail.com", 5], ["outlook.com", 6], ["gmail.com", 6],
];

/** A personal address in the styles people choose: pinyin plus a number, or a QQ mailbox. */
export function personalEmail(random: Random, seedHash: number, customerIndex: number, family: string, given: string): string {
  const domain = random.weighted(PERSONAL_MAIL_DOMAINS);
  if (domain === "qq.com") return `${qqNumber(seedHash, customerIndex)}@qq.com`;
  const n = mailNumber(seedHash, customerIndex);
  const styles = [`${family}${given}${n}`, `${given}.${family}${n}`, `${family}_${given}${n}`, `${given}${family}${n}`];
  return `${random.pick(styles)}@${domain}`;
}

/**
 * An 18-digit PRC national id: division code, birth date, sequence whose last digit is odd
 * for men and even for women, then the ISO 7064 MOD 11-2 check character.
 */
export function nationalId(random: Random, districtCode: string, birthDate: string, gender: "MALE" | "FEMALE"): string {
  const order = random.int(0, 99) * 10;
  const parity = random.int(0, 4) * 2 + (gender === "MALE" ? 1 : 0);
  const first17 = `${districtCode}${birthDate.replaceAll("-", "")}${String(order + parity).padStart(3, "0")}`;
  return first17 + nationalIdCheckDigit(first17);
}

/** Type allocation codes of popular handsets (brand, model range); the IMEI's first 8 digits. */
const TACS = ["35391110", "35328511", "86891203", "86762304", "86452105", "86098606", "35881207", "86781408", "86540009", "35690110"];

/**
 * A 15-digit IMEI: TAC + serial + Luhn check digit. Unique per device index like the numbers
 * above (a handset is on the network as one customer's at a time): a permutation over 10^7
 * picks the TAC with its first digit and the 6-digit serial with the rest.
 */
export function imei(seedHash: number, deviceIndex: number): string {
  const n = permute(deviceIndex, 7_368_787, mix32(seedHash ^ 0x2545f491), 7);
  const body = TACS[Math.floor(n / 1_000_000)]! + String(n % 1_000_000).padStart(6, "0");
  return body + luhnCheckDigit(body);
}

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

const OPENID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A WeChat OpenID as issued to the operator's official account: 28 characters, app prefix first. */
export function wechatOpenId(random: Random): string {
  return `oTs3Q${random.chars(OPENID_ALPHABET, 23)}`;
}
