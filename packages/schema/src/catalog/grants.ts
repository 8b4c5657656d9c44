import { ROLE_MATRIX, ROLES_READING_FREE_TEXT } from "./policy-matrix.js";
import type { Category, Role, Treatment } from "./types.js";

/**
 * What a grant request widens (four eyes, issue 10 item 9), derived from the role matrix and
 * never restated: the API decides with it whether a change waits for a second admin
 * (modules/grant/grant.rules.ts), the console shows the same gains on the approvals page.
 */

/** The categories that identify a person; ANALYST and AUDITOR read none of them. */
export const IDENTIFYING_CATEGORIES: readonly Category[] = ["DIRECT_IDENTIFIER", "CONTACT", "SENSITIVE"];
const RANK: Record<Treatment, number> = { NULL: 0, MASK: 1, FULL: 2 };

export interface RoleGains {
  /** Categories read more fully under `to` than under `from` (undefined: a new user, who reads nothing). */
  categories: { category: Category; from: Treatment; to: Treatment }[];
  /** `to` reads free text (which can hold any identifier) and `from` did not. */
  freeText: boolean;
}

export function roleGains(from: Role | undefined, to: Role): RoleGains {
  const categories = (Object.keys(ROLE_MATRIX[to]) as Category[])
    .map((category) => ({ category, from: from ? ROLE_MATRIX[from][category] : ("NULL" as Treatment), to: ROLE_MATRIX[to][category] }))
    .filter((c) => RANK[c.to] > RANK[c.from]);
  const freeText = ROLES_READING_FREE_TEXT.includes(to) && !(from && ROLES_READING_FREE_TEXT.includes(from));
  return { categories, freeText };
}

/**
 * Does moving a user from `from` (undefined: a new user) to `to` widen their access to personal
 * data? ADMIN always widens: it can grant.
 */
export function roleWidens(from: Role | undefined, to: Role): boolean {
  if (from === to) return false;
  if (to === "ADMIN") return true;
  const gains = roleGains(from, to);
  return gains.freeText || gains.categories.some((c) => IDENTIFYING_CATEGORIES.includes(c.category));
}

export interface PartnerAccess {
  purposes: string[];
  fields: string[];
  capabilities: string[];
}

/** `Customer.*` covers `Customer.phone`. */
function covers(allowlist: string[], entry: string): boolean {
  return allowlist.includes(entry) || allowlist.includes(`${entry.split(".")[0]}.*`);
}

/** What `to` grants that `from` (undefined: a new app) does not: purposes, fields and capabilities. */
export function partnerGains(from: PartnerAccess | undefined, to: PartnerAccess): PartnerAccess {
  const before = from ?? { purposes: [], fields: [], capabilities: [] };
  return {
    purposes: to.purposes.filter((p) => !before.purposes.includes(p)),
    fields: to.fields.filter((f) => !covers(before.fields, f)),
    capabilities: to.capabilities.filter((c) => !before.capabilities.includes(c)),
  };
}

/** partnerGains as a list (`purpose MARKETING`, `field Customer.phone`); empty when nothing widens. */
export function partnerWidening(from: PartnerAccess | undefined, to: PartnerAccess): string[] {
  const gains = partnerGains(from, to);
  return [...gains.purposes.map((p) => `purpose ${p}`), ...gains.fields.map((f) => `field ${f}`), ...gains.capabilities.map((c) => `capability ${c}`)];
}

/**
 * Does moving a user's clearance (the highest customer security level they may open, 1–5) from
 * `from` to `to` widen their access? Records above a user's clearance do not exist for them, so a
 * higher clearance shows them more customers' personal data: it waits for a second admin.
 */
export function clearanceWidens(from: number, to: number): boolean {
  return to > from;
}
