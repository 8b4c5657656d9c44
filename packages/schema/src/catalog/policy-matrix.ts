import type { Category, PersonalField, Role, Treatment } from "./types.js";

/**
 * Role × category (SPEC §4.4). ADMIN sees personal data masked; STEWARD the full record;
 * AGENT contact data in full and SENSITIVE masked; ANALYST no direct identifiers or contact
 * data, demographics bucketed; AUDITOR customer ids only.
 */
export const ROLE_MATRIX: Record<Role, Record<Category, Treatment>> = {
  ADMIN: { DIRECT_IDENTIFIER: "MASK", SENSITIVE: "NULL", CONTACT: "MASK", DEMOGRAPHIC: "FULL", BEHAVIORAL: "FULL", FINANCIAL: "FULL", OPINION: "FULL", DERIVED: "FULL" },
  STEWARD: { DIRECT_IDENTIFIER: "FULL", SENSITIVE: "FULL", CONTACT: "FULL", DEMOGRAPHIC: "FULL", BEHAVIORAL: "FULL", FINANCIAL: "FULL", OPINION: "FULL", DERIVED: "FULL" },
  AGENT: { DIRECT_IDENTIFIER: "FULL", SENSITIVE: "MASK", CONTACT: "FULL", DEMOGRAPHIC: "FULL", BEHAVIORAL: "FULL", FINANCIAL: "FULL", OPINION: "FULL", DERIVED: "FULL" },
  ANALYST: { DIRECT_IDENTIFIER: "NULL", SENSITIVE: "NULL", CONTACT: "NULL", DEMOGRAPHIC: "MASK", BEHAVIORAL: "FULL", FINANCIAL: "FULL", OPINION: "FULL", DERIVED: "FULL" },
  AUDITOR: { DIRECT_IDENTIFIER: "NULL", SENSITIVE: "NULL", CONTACT: "NULL", DEMOGRAPHIC: "NULL", BEHAVIORAL: "NULL", FINANCIAL: "NULL", OPINION: "NULL", DERIVED: "NULL" },
};

/** Free text (mask TEXT) can hold any identifier, so only roles that serve the customer read it. */
export const ROLES_READING_FREE_TEXT: readonly Role[] = ["STEWARD", "AGENT"];

/**
 * How a console role receives a personal field (its purpose allowing): the role matrix, free text
 * only for the roles that serve the customer, and a KEEP mask (an already coarse value such as
 * region or gender) counting as reading it in full — so it is neither reported as masked nor
 * refused in filters and sorts. The API's policy and the console's filter/sort offers both use it.
 */
export function staffTreatment(role: Role, entry: Pick<PersonalField, "category" | "mask">): Treatment {
  const treatment = ROLE_MATRIX[role][entry.category];
  if (treatment === "FULL" && entry.mask === "TEXT" && !ROLES_READING_FREE_TEXT.includes(role)) return "NULL";
  if (treatment === "MASK" && entry.mask === "KEEP") return "FULL";
  return treatment;
}
