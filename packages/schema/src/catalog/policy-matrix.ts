import type { Category, Role, Treatment } from "./types.js";

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
