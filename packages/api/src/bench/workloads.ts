import { randomUUID } from "node:crypto";
import type { CursorCodec } from "../graphql/cursor.js";
import type { RawRoute, RawSql } from "./raw.js";

export const WORKLOAD_IDS = ["W1", "W1P", "W2", "W3", "W4", "W5"] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

/** One measured workload: the same variables go to the API (as a GraphQL operation) and to the raw route. */
export interface Workload {
  /** Report key, e.g. `W1` or `W3@10000`. */
  key: string;
  title: string;
  query: string;
  raw: RawRoute;
  /** The one-statement bound's route (raw-one.ts), for the reads that have one. */
  one?: RawRoute;
  /** Variables of each request, used in turn; they are also the raw route's body. */
  variables: Record<string, unknown>[];
  /** Replaced in the body by each request's sequence number (fresh external ids). */
  seqToken?: string;
  /** Caps below the run's defaults, for workloads that write. */
  maxRequests?: number;
  maxWarmup?: number;
  notes: string[];
  /** The API side asks as this partner app (an API key) under this purpose, instead of the steward session under SERVICE. */
  asPartner?: { key: string; purpose: string };
  /** Undo what the workload wrote (run after both targets). */
  cleanup?: () => Promise<void>;
}

export const CUSTOMER_360 = /* GraphQL */ `
  query BenchCustomer360($id: ID!) {
    customer(id: $id) {
      id version name phone email kind status region city createdAt updatedAt
      nationalId birthDate gender address occupation language specialCare securityLevel accountManager processingRestricted erasedAt
      identifiers { id type value validFrom validTo source }
      subscriptions { id msisdn startedOn contractEnd status plan { id code name monthlyFee dataQuotaMb voiceQuotaMinutes services } }
      usage(months: 12) { month billAmount dataMb voiceMinutes smsCount paid arrears }
      consents { eventId purpose channel partnerId status granted expired expiresAt capturedAt source policyVersion }
      interactions(first: 20) { totalCount edges { node { id occurredAt channel type summary agent outcome caseId } } }
      cases { id kind category priority status subject owner openedAt dueAt resolvedAt overdue }
      feedback { id kind score aspect channel comment submittedAt }
    }
  }`;

const CUSTOMER_LIST_WITH_ACTIVITY = /* GraphQL */ `
  query BenchCustomerListWithActivity($first: Int!, $after: String) {
    customers(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id version name phone email kind status region city createdAt updatedAt
          consents { purpose channel partnerId status granted expiresAt }
          interactions(first: 5) { edges { node { id occurredAt channel type summary } } }
        }
      }
    }
  }`;

/** The console's list query (packages/admin customers/customer.graphql `Customers`). */
const CONSOLE_LIST = /* GraphQL */ `
  query BenchConsoleList($first: Int!, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id version name phone email kind status region city createdAt updatedAt } }
    }
  }`;

const INGEST = /* GraphQL */ `
  mutation BenchIngest($events: [InteractionEventInput!]!) {
    ingestInteractions(events: $events) { inserted duplicate rejected errors { index externalId field message } }
  }`;


export const W3_FILTER = { kind: ["INDIVIDUAL"], status: ["ACTIVE"] };
export const W3_PAGE = 100;
export const DEFAULT_DEPTHS = [0, 10_000, 500_000];
/** W4's customer sets: a run sends at most 110 batches, so each customer is in about five or six of them. */
const INGEST_SETS = 20;

const CHANNELS = ["HALL", "APP", "HOTLINE", "WEB", "WECHAT", "SMS", "EMAIL"];
// No MARKETING: marketing contacts are capped per customer, and a capped event would be rejected.
const TYPES = ["CONSULTATION", "COMPLAINT", "FAULT_REPORT", "TRANSACTION", "CARE"];

/** Builds the workloads' fixtures from the seeded data (sample ids, cursors at depth). */
export class WorkloadFactory {
  readonly runId = randomUUID().slice(0, 8);

  constructor(
    private readonly sql: RawSql,
    private readonly samples: number,
    /** Keyset cursors are sealed as the API issues them (graphql/cursor.ts). */
    private readonly cursors: CursorCodec,
  ) {}

  private async randomCustomers(n: number): Promise<{ id: string; created_at: Date }[]> {
    return (await this.sql`select id, created_at from customers order by random() limit ${n}`) as unknown as { id: string; created_at: Date }[];
  }

  async customer360(): Promise<Workload> {
    const ids = await this.randomCustomers(this.samples);
    return {
      key: "W1",
      title: "customer 360 by id",
      query: CUSTOMER_360,
      raw: "customer360",
      one: "customer360One",
      variables: ids.map((r) => ({ id: r.id })),
      notes: [`${ids.length} random customers, in turn`],
    };
  }

  /**
   * W1 as a partner app under MARKETING: customers sampled among those the partner sees (the
   * customer scope's own condition, `visible`), so every request answers a record.
   */
  async customer360AsPartner(visible: (n: number) => Promise<string[]>, partner: { key: string; purpose: string }): Promise<Workload> {
    const ids = await visible(this.samples);
    return {
      key: "W1P",
      title: "customer 360 by id, as a partner under MARKETING",
      query: CUSTOMER_360,
      raw: "customer360",
      one: "customer360One",
      variables: ids.map((id) => ({ id })),
      asPartner: partner,
      notes: [
        `${ids.length} random customers the partner sees (effective MARKETING grant), in turn`,
        "the partner reads every W1 field its allowlist names in full; fields outside MARKETING's purposes and other purposes' consent rows are withheld, so its answer differs from the bounds' there",
      ],
    };
  }

  async customerListWithActivity(): Promise<Workload> {
    const starts = await this.randomCustomers(Math.max(1, Math.ceil(this.samples / 10)));
    return {
      key: "W2",
      title: "100 customers + consents + last 5 interactions",
      query: CUSTOMER_LIST_WITH_ACTIVITY,
      raw: "customerListWithActivity",
      one: "customerListWithActivityOne",
      variables: starts.map((r) => ({ first: 100, after: this.cursors.encode("customers", ["CREATED_AT", r.created_at.toISOString(), r.id]) })),
      notes: [`pages of 100 in creation order after ${starts.length} random cursors`],
    };
  }

  /** Console list pages at each depth; a depth beyond the matching rows is clamped to the last page. */
  async consoleList(depths: number[]): Promise<Workload[]> {
    const where = this.sql`kind = any(${W3_FILTER.kind}::customer_kind[]) and status = any(${W3_FILTER.status}::customer_status[])`;
    const [{ n }] = (await this.sql`select count(*)::int as n from customers where ${where}`) as unknown as [{ n: number }];
    const workloads: Workload[] = [];
    for (const depth of depths) {
      const reached = Math.max(0, Math.min(depth, n - W3_PAGE));
      let after: string | null = null;
      if (reached > 0) {
        // The (sort key, id) of the row just before the page, in one statement, instead of walking reached/100 pages.
        const [row] = await this.sql`select name, id from customers where ${where} order by name, id offset ${reached - 1} limit 1`;
        after = this.cursors.encode("customers", ["NAME", row!.name, row!.id]);
      }
      const notes = [`filter kind=INDIVIDUAL, status=ACTIVE (${n.toLocaleString("en-US")} rows), order NAME ASC, page ${W3_PAGE}, with totalCount`];
      if (reached !== depth) notes.push(`depth ${depth.toLocaleString("en-US")} requested; only ${n.toLocaleString("en-US")} rows match: measured at ${reached.toLocaleString("en-US")}`);
      workloads.push({
        key: `W3@${depth}`,
        title: `console list, depth ${reached.toLocaleString("en-US")}${reached !== depth ? ` (of ${depth.toLocaleString("en-US")})` : ""}`,
        query: CONSOLE_LIST,
        raw: "consoleList",
        one: "consoleListOne",
        variables: [{ first: W3_PAGE, after, filter: W3_FILTER, orderBy: { field: "NAME", direction: "ASC" } }],
        notes,
      });
    }
    return workloads;
  }

  /**
   * W4: batches of `batch` events, each batch about its own `batch` random customers (sets drawn
   * once, sent in turn), a fifth of them complaints. A feed spreads over the customer base: one
   * set sent every time made the same 200 customers collect every complaint of the run (113 each
   * on average midway through a measured run, all within the insight's complaint window, each
   * counted again by every refresh) and made
   * concurrent batches queue on the same 200 insight rows' locks, a hot spot no feed has.
   */
  async ingest(batch = 1_000, sets = INGEST_SETS): Promise<Workload> {
    const pool = await this.randomCustomers(batch * sets);
    const prefix = `bench-${this.runId}`;
    const seqToken = "__SEQ__";
    // Sets are consecutive slices of a random sample: distinct customers within a batch (fewer sets when the database is small).
    const variables = Array.from({ length: Math.max(1, Math.floor(pool.length / batch)) }, (_, s) => ({
      events: pool.slice(s * batch, (s + 1) * batch).map((c, k) => ({
        customerId: c.id,
        externalId: `${prefix}-${seqToken}-${k}`,
        channel: CHANNELS[k % CHANNELS.length],
        type: TYPES[k % TYPES.length],
        occurredAt: new Date(Date.now() - k * 60_000).toISOString(),
        summary: `Benchmark event ${k}: customer asked about the monthly bill`,
        agent: `agent-${k % 50}`,
        outcome: "RESOLVED",
      })),
    }));
    return {
      key: "W4",
      title: `ingestInteractions, batch of ${batch.toLocaleString("en-US")}`,
      query: INGEST,
      raw: "ingest",
      variables,
      seqToken,
      maxRequests: 100,
      maxWarmup: 10,
      notes: [
        `${variables.length} sets of ${batch.toLocaleString("en-US")} random customers, in turn; fresh externalIds per request (prefix ${prefix}); the rows are deleted again after the workload`,
      ],
      cleanup: async () => {
        await this.sql`delete from interactions where external_id like ${`${prefix}-%`}`;
      },
    };
  }
}
