/** Purposes of processing (SPEC §4.2); mirrors the API's `Purpose` enum. */
export const PURPOSES = [
  "SERVICE",
  "MARKETING",
  "PERSONALIZATION",
  "ANALYTICS",
  "THIRD_PARTY_SHARING",
  "CROSS_BORDER",
  "SENSITIVE_PROCESSING",
] as const;
export type Purpose = (typeof PURPOSES)[number];

export const ROLES = ["ADMIN", "STEWARD", "AGENT", "ANALYST", "AUDITOR"] as const;
export type Role = (typeof ROLES)[number];

/** Categories of personal data (SPEC §4.3). */
export const CATEGORIES = ["DIRECT_IDENTIFIER", "SENSITIVE", "CONTACT", "DEMOGRAPHIC", "BEHAVIORAL", "FINANCIAL", "OPINION", "DERIVED"] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * How a value is masked when a role may see it only in part:
 * PHONE `138****5678`, NATIONAL_ID first 3 + last 4, EMAIL `l***@example.com`,
 * NAME keeps the family name (`李*`, `J*** Smith`), ADDRESS keeps the city,
 * DATE_BUCKET keeps the 5-year band (birth dates for analysts), IDENTIFIER masks by identifier
 * type, KEEP leaves an already coarse value as it is (region, gender), TEXT and WITHHOLD give
 * null (free text can hold anything; some values have no useful partial form).
 */
export const MASKS = ["PHONE", "NATIONAL_ID", "EMAIL", "NAME", "ADDRESS", "DATE_BUCKET", "IDENTIFIER", "KEEP", "TEXT", "WITHHOLD"] as const;
export type Mask = (typeof MASKS)[number];

export interface PersonalField {
  category: Category;
  mask: Mask;
  /** Purposes that may use the field; any other purpose gets null (NOT_IN_SCOPE). */
  purposes: readonly Purpose[];
  /** Retention policy key (see RETENTION); erasure clears the field regardless. */
  retention: RetentionKey;
  description: string;
}

/** Fields that are not personal data: ids, versions, enums of the product, timestamps of records. */
export interface NonPersonalField {
  category: "NONE";
  description?: string;
  /**
   * Why a String or JSON field (which could hold text a person wrote) is not personal data.
   * Required for such fields: catalog-completeness.test.ts fails without it.
   */
  reason?: string;
}

export type FieldEntry = PersonalField | NonPersonalField;

/**
 * Retention classes. Each catalog field names one; WEBHOOK_DELIVERY governs no field but the
 * outbound-event log (outbox events and webhook deliveries): ids, event types and field names
 * that still tell when what changed about a customer.
 */
export type RetentionKey = "PROFILE" | "INTERACTION_TEXT" | "USAGE" | "FEEDBACK" | "CASE" | "CONSENT" | "AUDIT" | "DERIVED" | "WEBHOOK_DELIVERY";

/** How a role sees a category: in full, masked per the field's mask, or not at all. */
export type Treatment = "FULL" | "MASK" | "NULL";

export type Redaction = "MASKED_BY_ROLE" | "NOT_IN_SCOPE" | "NO_CONSENT" | "RESTRICTED" | "ERASED";
