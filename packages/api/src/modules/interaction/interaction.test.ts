import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, insertInteractionsFor } from "../../test/builders.js";

let app: TestApp;
let customerId: string;
beforeAll(async () => {
  app = await startTestApp();
  [customerId] = await insertCustomers(app.database.db, 1);
});
afterAll(() => app.close());

const INGEST = /* GraphQL */ `
  mutation Ingest($events: [InteractionEventInput!]!) {
    ingestInteractions(events: $events) { inserted duplicate rejected errors { index externalId field message } }
  }
`;
const HISTORY = /* GraphQL */ `
  query History($id: ID!, $first: Int, $after: String, $filter: InteractionFilter) {
    customer(id: $id) { interactions(first: $first, after: $after, filter: $filter) {
      totalCount edges { node { externalId type channel summary } } pageInfo { hasNextPage endCursor } } }
  }
`;

describe("interactions", () => {
  it("ingests a batch once: sending the same batch again inserts nothing", async () => {
    const events = Array.from({ length: 25 }, (_, i) => ({
      customerId,
      externalId: `crm-${i}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      channel: i % 2 ? "APP" : "HOTLINE",
      type: "CONSULTATION",
      summary: `question ${i}`,
    }));
    const first = await app.gql(INGEST, { events });
    expect(first.data!.ingestInteractions).toEqual({ inserted: 25, duplicate: 0, rejected: 0, errors: [] });
    const again = await app.gql(INGEST, { events });
    expect(again.data!.ingestInteractions).toEqual({ inserted: 0, duplicate: 25, rejected: 0, errors: [] });
    const history = await app.gql(HISTORY, { id: customerId, filter: { from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" } });
    expect(history.data!.customer.interactions.totalCount).toBe(25);
  });

  it("stores the valid events of a batch and reports each bad one with its index and field", async () => {
    const res = await app.gql(INGEST, {
      events: [
        { customerId, externalId: "mix-1", channel: "WECHAT", type: "COMPLAINT", summary: "slow data" },
        { customerId: "00000000-0000-4000-8000-000000000000", externalId: "mix-2", channel: "APP", type: "CARE" },
        { customerId, externalId: "mix-3", channel: "APP", type: "CARE", occurredAt: "2999-01-01T00:00:00Z" },
        { customerId, externalId: "mix-1", channel: "WECHAT", type: "COMPLAINT" },
      ],
    });
    expect(res.data!.ingestInteractions).toMatchObject({ inserted: 1, duplicate: 1, rejected: 2 });
    expect(res.data!.ingestInteractions.errors).toEqual([
      { index: 1, externalId: "mix-2", field: "events[1].customerId", message: "no such customer" },
      { index: 2, externalId: "mix-3", field: "events[2].occurredAt", message: "must not be in the future" },
    ]);
  });

  it("rejects an unknown channel for the whole request, before anything is written", async () => {
    const res = await app.gql(INGEST, { events: [{ customerId, externalId: "bad-enum", channel: "PIGEON", type: "CARE" }] });
    expect(res.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const again = await app.gql(INGEST, { events: [{ customerId, externalId: "bad-enum", channel: "APP", type: "CARE" }] });
    expect(again.data!.ingestInteractions.inserted).toBe(1);
  });

  it("logs a single interaction and refuses a repeated externalId", async () => {
    const log = `mutation($input: LogInteractionInput!) { logInteraction(input: $input) { id type channel } }`;
    const input = { customerId, channel: "HALL", type: "TRANSACTION", summary: "changed plan", externalId: "hall-77" };
    expect((await app.gql(log, { input })).data!.logInteraction).toMatchObject({ type: "TRANSACTION", channel: "HALL" });
    const repeat = await app.gql(log, { input });
    expect(repeat.errors![0]!.extensions!.code).toBe("CONFLICT");
  });

  it("pages a customer's history newest first with cursors and filters", async () => {
    const [other] = await insertCustomers(app.database.db, 1, { name: "History" });
    await insertInteractionsFor(app.database.db, [other!], 12);
    const page1 = await app.gql(HISTORY, { id: other, first: 5 });
    const page2 = await app.gql(HISTORY, { id: other, first: 10, after: page1.data!.customer.interactions.pageInfo.endCursor });
    const summaries = [...page1.data!.customer.interactions.edges, ...page2.data!.customer.interactions.edges].map((e: any) => e.node.summary);
    expect(summaries).toEqual(Array.from({ length: 12 }, (_, i) => `call ${11 - i}`));
    expect(page2.data!.customer.interactions.pageInfo.hasNextPage).toBe(false);
    const none = await app.gql(HISTORY, { id: other, filter: { type: ["COMPLAINT"] } });
    expect(none.data!.customer.interactions.totalCount).toBe(0);
  });
});
