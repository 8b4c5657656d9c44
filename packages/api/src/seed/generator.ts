/**
 * The synthetic data generator: a lazy sequence of customers with all their child rows
 * (grouped into batches of BLOCK_SIZE), so a million customers stream through memory.
 *
 * Determinism: every customer's rows come from pseudo-random streams keyed by (seed,
 * customer index, concern), and every timestamp is an offset from the reference day. The same
 * seed, reference day and options therefore give identical rows; a customer's rows do not
 * depend on how many customers are generated; and changing, say, the consent rules does not
 * reshuffle interactions.
 */
import { generateActivity } from "./activity.js";
import { generateBilling } from "./billing.js";
import { generateConsents } from "./consents.js";
import { generateIdentifiers } from "./identity.js";
import type { PlanCode } from "./plans.js";
import { generateProfile, type Profile } from "./profile.js";
import { hashString, mix32, Random } from "./random.js";
import { emptyRows, SEED_TABLES, type IdentifierInsert, type SeedBatch, type SeedRows } from "./rows.js";
import { DAY_MS, referenceDay } from "./time.js";

/**
 * Customers per generated batch. Recycled numbers pass between customers of the same block,
 * so this is part of the data's definition, not a tuning knob.
 */
export const BLOCK_SIZE = 1000;

/** Default mean interactions per customer: 1M customers give ~20M interactions (SPEC §3.2). */
export const DEFAULT_INTERACTIONS_PER_CUSTOMER = 20;

export interface GenerateOptions {
  /** Any text; equal seeds give equal data. */
  seed: string;
  /** Reference instant; truncated to midnight UTC. */
  now: Date;
  customers: number;
  /** Plan ids by code, as stored in the target database. */
  planIds: ReadonlyMap<PlanCode, string>;
  interactionsPerCustomer?: number;
}

// Sub-stream keys: one pseudo-random stream per concern and customer.
const STREAM = { profile: 1, billing: 2, identity: 3, consent: 4, activity: 5, recycling: 6 } as const;

/**
 * The id of customer `index`: the first draw of its profile stream (`generateProfile` takes
 * the id before anything else). Lets a failed seed delete exactly what it wrote.
 */
export function customerIdAt(seedHash: number, index: number): string {
  return customerStream(seedHash, index, STREAM.profile).uuid();
}

/** The pseudo-random stream of one concern of one customer; its uuids sort by customer index. */
function customerStream(seedHash: number, index: number, concern: number): Random {
  const random = new Random(seedHash, index, concern);
  // The index keeps a seed's ids ascending; a per-seed offset spreads seeds over the id space.
  random.idPrefix = ((mix32(seedHash) & 0xfff00000) + index) >>> 0;
  return random;
}

/** Yields customers with their child rows one at a time, in index order. */
export function* generateCustomers(options: GenerateOptions): Generator<SeedRows & { index: number }> {
  const ctx = generatorContext(options);
  // Customers earlier in the current block: candidates for a recycled number's earlier holder.
  let block: EarlierHolder[] = [];
  for (let index = 0; index < options.customers; index++) {
    if (index % BLOCK_SIZE === 0) block = [];
    const stream = (concern: number) => customerStream(ctx.seedHash, index, concern);
    const profile = generateProfile(stream(STREAM.profile), index, ctx.seedHash, ctx.nowMs);
    const billing = generateBilling(stream(STREAM.billing), profile, ctx);
    const consents = generateConsents(stream(STREAM.consent), profile, ctx.nowMs, profile.customer.email != null);
    const activity = generateActivity(stream(STREAM.activity), profile, billing, consents, ctx);
    const identifiers = generateIdentifiers(stream(STREAM.identity), profile, billing, ctx);
    const recycled = recycledNumber(stream(STREAM.recycling), profile, block);
    if (recycled) identifiers.push(recycled);
    block.push({ id: profile.id, createdAtMs: profile.createdAtMs });
    yield {
      index,
      customers: [profile.customer],
      identifiers,
      subscriptions: billing.subscriptions,
      usageMonths: billing.usageMonths,
      consentEvents: consents.events,
      interactions: activity.interactions,
      cases: activity.cases,
      feedback: activity.feedback,
    };
  }
}

/**
 * Groups `generateCustomers` into batches of `BLOCK_SIZE` customers. A batch is
 * self-contained: every row references a customer of the same or an earlier batch.
 */
export function* generateBatches(options: GenerateOptions): Generator<SeedBatch> {
  let batch: SeedBatch | null = null;
  for (const record of generateCustomers(options)) {
    if (record.index % BLOCK_SIZE === 0) {
      if (batch) yield batch;
      batch = { firstIndex: record.index, ...emptyRows() };
    }
    for (const table of SEED_TABLES) (batch![table] as unknown[]).push(...record[table]);
  }
  if (batch) yield batch;
}

interface EarlierHolder {
  id: string;
  createdAtMs: number;
}

interface GeneratorContext {
  seedHash: number;
  nowMs: number;
  planIds: ReadonlyMap<PlanCode, string>;
  interactionsPerCustomer: number;
  externalIdPrefix: string;
}

function generatorContext(options: GenerateOptions): GeneratorContext {
  const seedHash = hashString(options.seed);
  return {
    seedHash,
    nowMs: referenceDay(options.now).getTime(),
    planIds: options.planIds,
    interactionsPerCustomer: options.interactionsPerCustomer ?? DEFAULT_INTERACTIONS_PER_CUSTOMER,
    // external_id is globally unique: seeds are told apart by their hash.
    externalIdPrefix: `seed-${seedHash.toString(36)}`,
  };
}

/**
 * Operators recycle numbers: about 2 % of customers got their number after a quarantine from
 * an earlier holder — another customer of the same block, whose old MSISDN identifier closes
 * (`valid_to`) months before the new holder's opens.
 */
function recycledNumber(random: Random, profile: Profile, earlier: readonly EarlierHolder[]): IdentifierInsert | null {
  if (earlier.length === 0 || profile.scenario === "PROSPECT" || !random.chance(0.02)) return null;
  const previous = random.pick(earlier);
  const validToMs = profile.createdAtMs - random.int(90, 400) * DAY_MS;
  const validFromMs = Math.max(previous.createdAtMs, validToMs - random.int(180, 2000) * DAY_MS);
  if (validToMs - validFromMs < 30 * DAY_MS) return null;
  return {
    id: random.uuid(),
    customerId: previous.id,
    type: "MSISDN",
    value: profile.customer.phone!,
    validFrom: new Date(validFromMs),
    validTo: new Date(validToMs),
    source: "BILLING",
  };
}
