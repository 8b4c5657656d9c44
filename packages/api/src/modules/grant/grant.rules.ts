import { ROLE_MATRIX, ROLES_READING_FREE_TEXT, type Category, type Role, type Treatment } from "@tessera/schema/catalog";

/**
 * The categories that identify a person. A role that gains any of them (or free text, which can
 * hold any identifier) reads more personal data; ANALYST and AUDITOR read none of them.
 */
const IDENTIFYING: readonly Category[] = ["DIRECT_IDENTIFIER", "CONTACT", "SENSITIVE"];
const RANK: Record<Treatment, number> = { NULL: 0, MASK: 1, FULL: 2 };

/**
 * Does moving a user from `from` (undefined: a new user) to `to` widen their access to personal
 * data? Derived from the catalog's role matrix, never restated. ADMIN always widens: it can grant.
 */
export function roleWidens(from: Role | undefined, to: Role): boolean {
  if (from === to) return false;
  if (to === "ADMIN") return true;
  const gains = (c: Category) => RANK[ROLE_MATRIX[to][c]] > (from ? RANK[ROLE_MATRIX[from][c]] : 0);
  const freeText = ROLES_READING_FREE_TEXT.includes(to) && !(from && ROLES_READING_FREE_TEXT.includes(from));
  return IDENTIFYING.some(gains) || freeText;
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

/** What `to` grants that `from` (undefined: a new app) does not: any purpose, field or capability. */
export function partnerWidening(from: PartnerAccess | undefined, to: PartnerAccess): string[] {
  const before = from ?? { purposes: [], fields: [], capabilities: [] };
  return [
    ...to.purposes.filter((p) => !before.purposes.includes(p)).map((p) => `purpose ${p}`),
    ...to.fields.filter((f) => !covers(before.fields, f)).map((f) => `field ${f}`),
    ...to.capabilities.filter((c) => !before.capabilities.includes(c)).map((c) => `capability ${c}`),
  ];
}
