/**
 * The feeds of SPEC §8 and the batch mutation each stands for: importing an entity (`tessera
 * import`, the console's import page over HTTP) is allowed to whoever the access table lets call
 * that mutation. Pure data, in the order data usually arrives; the console reads it from the
 * generated `@tessera/schema/access` (IMPORT_MUTATIONS) instead of keeping a copy.
 */
export const FEED_MUTATIONS = {
  customers: "upsertCustomers",
  identifiers: "addIdentifiers",
  plans: "upsertPlans",
  subscriptions: "upsertSubscriptions",
  usage: "recordUsage",
  consents: "recordConsents",
  interactions: "ingestInteractions",
  feedback: "ingestFeedback",
} as const;

export type FeedName = keyof typeof FEED_MUTATIONS;
export const FEED_NAMES = Object.keys(FEED_MUTATIONS) as FeedName[];
