/**
 * Identity rules in one place: how duplicates are found (match rules with their weights) and
 * what a merge does with each customer-owned table.
 */

/** Why two records look like one person. Each reason reveals the field it compares. */
export const DUPLICATE_REASONS = ["NATIONAL_ID", "PHONE", "EMAIL", "NAME_BIRTH_CITY", "SIMILAR_NAME_BIRTH"] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export interface MatchRule {
  /** Points added to the pair's score (capped at 100). */
  weight: number;
  /** Customer fields the rule compares: a caller learns of the match only if it reads all of them in full. */
  reveals: readonly string[];
  description: string;
}

/**
 * The match rules (exact identifiers first, then fuzzy profile matches). Weights are the
 * configurable part: `tessera duplicates refresh --min-score` sets the floor of a candidate.
 */
export const MATCH_RULES: Record<DuplicateReason, MatchRule> = {
  NATIONAL_ID: { weight: 100, reveals: ["nationalId"], description: "The same national id number." },
  PHONE: { weight: 80, reveals: ["phone"], description: "The same current mobile number on the profile." },
  EMAIL: { weight: 70, reveals: ["email"], description: "The same e-mail address (case-insensitive)." },
  NAME_BIRTH_CITY: {
    weight: 60,
    reveals: ["name", "birthDate", "city"],
    description: "The same normalised name (spaces, dots and case ignored; Latin names in any word order), birth date and city.",
  },
  SIMILAR_NAME_BIRTH: {
    weight: 40,
    reveals: ["name", "birthDate"],
    description:
      "The same birth date and a similar name: for Chinese names the same family name (first character) and at most one other character different; for Latin names trigram similarity ≥ 0.6.",
  },
};

export const DEFAULT_MIN_SCORE = 40;

/**
 * What a merge does with every table that has a `customer_id` column, applied in this order. MOVE
 * re-points rows to the survivor (ids recorded, so an undo moves exactly them back); COMBINE adds
 * the merged record's rows into the survivor's row with the same key (both records billed in one
 * month) and carries the rest over; KEEP leaves rows with the record they were written for. A table missing
 * here makes the merge refuse (fail closed) and fails identity.merge.test.ts.
 */
export type MergeRule = { action: "MOVE" } | { action: "COMBINE"; key: readonly string[]; sum: readonly string[]; all: readonly string[] } | { action: "KEEP"; reason: string };

export const MERGE_TABLE_RULES: Record<string, MergeRule> = {
  identifiers: { action: "MOVE" },
  subscriptions: { action: "MOVE" },
  consent_events: { action: "MOVE" },
  interactions: { action: "MOVE" },
  cases: { action: "MOVE" },
  feedback: { action: "MOVE" },
  // COMBINE tables in dependency order: usage_charges references usage_months by (customer_id, month).
  usage_months: {
    action: "COMBINE",
    key: ["month"],
    sum: ["voice_minutes", "sms_count", "data_mb", "bill_amount", "arrears"],
    all: ["month", "voice_minutes", "sms_count", "data_mb", "bill_amount", "paid", "arrears"],
  },
  usage_charges: { action: "COMBINE", key: ["month", "service"], sum: ["amount"], all: ["month", "service", "amount"] },
  account_warnings: { action: "MOVE" },
  key_accounts: { action: "KEEP", reason: "a key account's tier and dossier (primary key customer_id) stay with the record they were written for; the steward sets them on the survivor" },
  care_task_states: { action: "KEEP", reason: "work state (assignee, snooze) of a task computed for that record; the survivor's tasks are its own and are worked anew" },
  household_members: {
    action: "KEEP",
    reason:
      "a membership stays with the record it was made for: a customer is in one household at a time, so moving could put the survivor in two; the merged record is no longer listed (a tombstone) and the steward adds the survivor to the family",
  },
  customer_insight: { action: "KEEP", reason: "derived: recomputed for both records after a merge and after an undo" },
  data_subject_requests: { action: "KEEP", reason: "a legal record of the request as filed for that record id" },
  customer_keys: { action: "KEEP", reason: "each record's audit hashes stay under the data key they were made with; erasing a record shreds its own key" },
  outbox_events: { action: "KEEP", reason: "a record of what was announced about that record id; the merge announces itself (CUSTOMER_MERGED)" },
  webhook_deliveries: { action: "KEEP", reason: "a record of what was sent to a partner about that record id" },
  audience_members: { action: "KEEP", reason: "what a partner was last told about that record id; the merge's CUSTOMER_MERGED event re-syncs both ids (outbox.ts)" },
};

/** Profile fields a merge resolves (every other column is bookkeeping). */
export const MERGEABLE_FIELDS = [
  "kind",
  "status",
  "name",
  "phone",
  "email",
  "nationalId",
  "birthDate",
  "gender",
  "address",
  "city",
  "region",
  "occupation",
  "language",
  "specialCare",
  "securityLevel",
  "accountManager",
] as const;
export type MergeableField = (typeof MERGEABLE_FIELDS)[number];

/**
 * The default choice where both records hold a value: the survivor's, except where the stricter
 * value protects the customer (special-care flags are united, the higher security level wins).
 * An empty survivor field is filled from the merged record.
 */
export function defaultMergedValue(field: MergeableField, survivor: unknown, merged: unknown): unknown {
  if (field === "specialCare") return [...new Set([...((survivor as string[]) ?? []), ...((merged as string[]) ?? [])])].sort();
  if (field === "securityLevel") return Math.max(Number(survivor ?? 1), Number(merged ?? 1));
  return survivor ?? merged;
}

/** Consent: a decision not to process (DENIED, WITHDRAWN) is stricter than a grant. */
export function stricterStatus(a: string, b: string): string {
  return a === "GRANTED" ? b : a;
}
