/**
 * The rows one generated batch holds, per table, in foreign-key order: writers insert the
 * tables in the order of `SEED_TABLES` so every customer exists before its child rows.
 */
import type {
  cases,
  consentEvents,
  customers,
  feedback,
  identifiers,
  interactions,
  subscriptions,
  usageMonths,
} from "../db/schema.js";

export type CustomerInsert = typeof customers.$inferInsert;
export type IdentifierInsert = typeof identifiers.$inferInsert;
export type SubscriptionInsert = typeof subscriptions.$inferInsert;
export type UsageMonthInsert = typeof usageMonths.$inferInsert;
export type ConsentEventInsert = typeof consentEvents.$inferInsert;
export type InteractionInsert = typeof interactions.$inferInsert;
export type CaseInsert = typeof cases.$inferInsert;
export type FeedbackInsert = typeof feedback.$inferInsert;

export interface SeedRows {
  customers: CustomerInsert[];
  identifiers: IdentifierInsert[];
  subscriptions: SubscriptionInsert[];
  usageMonths: UsageMonthInsert[];
  consentEvents: ConsentEventInsert[];
  interactions: InteractionInsert[];
  cases: CaseInsert[];
  feedback: FeedbackInsert[];
}

export type SeedTable = keyof SeedRows;

/** Insert order: customers first (every other table references them). */
export const SEED_TABLES: readonly SeedTable[] = [
  "customers",
  "identifiers",
  "subscriptions",
  "usageMonths",
  "consentEvents",
  "interactions",
  "cases",
  "feedback",
];

export interface SeedBatch extends SeedRows {
  /** Index of the batch's first customer in the whole run (0-based). */
  firstIndex: number;
}

export function emptyRows(): SeedRows {
  return {
    customers: [],
    identifiers: [],
    subscriptions: [],
    usageMonths: [],
    consentEvents: [],
    interactions: [],
    cases: [],
    feedback: [],
  };
}

export type SeedCounts = Record<SeedTable | "plans", number>;
