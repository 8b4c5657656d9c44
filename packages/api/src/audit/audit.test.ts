import { spawn } from "node:child_process";
import { join } from "node:path";
import { asc, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "../db/client.js";
import { repoRoot } from "../lib/paths.js";
import { startTestApp, type TestApp } from "../test/app.js";
import { createPartner, issueKey } from "../modules/partner/partner.service.js";
import { insertCustomers, insertGrants, validNationalId } from "../test/builders.js";
import { auditEvents, type AuditEventRow } from "./audit.table.js";
import { verifyAuditChain } from "./verify.js";

let app: TestApp;
let customerIds: string[];
beforeAll(async () => {
  app = await startTestApp();
  customerIds = await insertCustomers(app.database.db, 6, { nationalId: validNationalId(7), email: "li.na@example.com" });
});
afterAll(() => app.close());

const AGENT_LOOKS_UP = /* GraphQL */ `
  query AgentLooksUp($id: ID!) { customer(id: $id) { id name phone nationalId } }
`;
const EVENTS = /* GraphQL */ `
  query Trail($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      edges { cursor node { seq principal principalKind role purpose operation action customerIds fields hash prevHash } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const ACCESS_LOG = /* GraphQL */ `
  query AccessLog($id: ID!, $first: Int, $after: String) {
    customer(id: $id) { id accessLog(first: $first, after: $after) { totalCount edges { node { seq principal operation fields } } pageInfo { hasNextPage endCursor } } }
  }
`;
const CHAIN = /* GraphQL */ `
  query { auditChain { ok checked firstBrokenId reason lastHash } }
`;

const db = () => app.database.db;
const lastEvent = async () => (await db().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1))[0];
const eventCount = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;

/** What a database superuser can do: switch the append-only trigger off around a change. */
async function behindTheApisBack(change: (tx: Tx) => Promise<unknown>) {
  await db().transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    await change(tx);
    await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
  });
}

/** Puts a removed row back exactly as it was (same seq, same hashes). */
async function reinsert(row: AuditEventRow) {
  await db().insert(auditEvents).overridingSystemValue().values(row);
}

function databaseMessage(error: unknown): string {
  const e = error as { message: string; cause?: { message: string } };
  return e.cause?.message ?? e.message;
}

describe("audit of reads", () => {
  it("a personal read as an agent leaves one row naming the principal, purpose, operation, catalog fields and customer", async () => {
    const res = await app.gql(AGENT_LOOKS_UP, { id: customerIds[0] }, { as: "AGENT" });
    expect(res.data!.customer.nationalId).toMatch(/^110\*+/);
    expect(await lastEvent()).toMatchObject({
      principal: "user:agent",
      principalKind: "USER",
      role: "AGENT",
      purpose: "SERVICE",
      operation: "AgentLooksUp",
      action: "READ",
      customerIds: [customerIds[0]],
      fields: ["Customer.name", "Customer.nationalId", "Customer.phone"],
    });
  });

  it("a query selecting no personal field leaves no row", async () => {
    const before = await eventCount();
    const res = await app.gql(`query { customer(id: "${customerIds[1]}") { id status version } }`, {}, { as: "AGENT" });
    expect(res.data!.customer.id).toBe(customerIds[1]);
    expect(await eventCount()).toBe(before);
  });
});

describe("reading the trail", () => {
  it("an auditor finds an agent's read through auditEvents(filter: {customerId}) and through the customer's accessLog", async () => {
    const id = customerIds[2]!;
    await app.gql(AGENT_LOOKS_UP, { id }, { as: "AGENT" });

    const trail = await app.gql(EVENTS, { filter: { customerId: id } }, { as: "AUDITOR" });
    expect(trail.errors).toBeUndefined();
    expect(trail.data!.auditEvents.totalCount).toBe(1);
    expect(trail.data!.auditEvents.edges[0].node).toMatchObject({
      principal: "user:agent",
      operation: "AgentLooksUp",
      customerIds: [id],
      fields: ["Customer.name", "Customer.nationalId", "Customer.phone"],
    });

    const log = await app.gql(ACCESS_LOG, { id }, { as: "AUDITOR" });
    expect(log.errors).toBeUndefined();
    expect(log.data!.customer.accessLog.totalCount).toBe(1);
    expect(log.data!.customer.accessLog.edges.map((e: any) => e.node)).toEqual([
      { seq: trail.data!.auditEvents.edges[0].node.seq, principal: "user:agent", operation: "AgentLooksUp", fields: ["Customer.name", "Customer.nationalId", "Customer.phone"] },
    ]);
  });

  it("an agent sees an empty access log, reported as a redaction, and may not query the trail", async () => {
    const log = await app.gql(ACCESS_LOG, { id: customerIds[2] }, { as: "AGENT" });
    expect(log.data!.customer.accessLog).toMatchObject({ totalCount: 0, edges: [] });
    expect(log.extensions!.redactions).toContainEqual({ field: "Customer.accessLog", reason: "MASKED_BY_ROLE", count: 1 });
    const trail = await app.gql(EVENTS, {}, { as: "AGENT" });
    expect(trail.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("a partner's read is audited under its app, and the partner sees no access log", async () => {
    const partner = await createPartner(db(), { name: "Acme Offers", purposes: ["MARKETING"], fields: ["phone"] });
    const { key } = await issueKey(db(), partner.id);
    const [id] = await insertCustomers(db(), 1, { createdAt: new Date("2025-01-01T00:00:00Z") });
    await insertGrants(db(), [id!], "MARKETING");
    const res = await app.gql(ACCESS_LOG.replace("id accessLog", "id phone accessLog"), { id }, { as: { apiKey: key }, purpose: "MARKETING" });
    expect(res.data!.customer).toMatchObject({ phone: expect.stringMatching(/^\+86/), accessLog: { totalCount: 0, edges: [] } });
    expect(res.extensions!.redactions).toContainEqual({ field: "Customer.accessLog", reason: "NOT_IN_SCOPE", count: 1 });

    const trail = await app.gql(EVENTS, { filter: { partnerId: partner.id } }, { as: "AUDITOR" });
    expect(trail.data!.auditEvents.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ principal: "partner:Acme Offers", principalKind: "PARTNER", role: null, purpose: "MARKETING", customerIds: [id], fields: ["Customer.phone"] }),
    ]);
  });

  it("filters by principal and action and pages newest first with keyset cursors", async () => {
    for (const id of customerIds.slice(3, 6)) await app.gql(`query StewardReads($id: ID!) { customer(id: $id) { name } }`, { id }, { as: "STEWARD" });
    const filter = { principal: "user:steward", action: "READ" };
    const first = await app.gql(EVENTS, { filter, first: 2 }, { as: "AUDITOR" });
    expect(first.data!.auditEvents.totalCount).toBe(3);
    expect(first.data!.auditEvents.pageInfo.hasNextPage).toBe(true);
    const second = await app.gql(EVENTS, { filter, first: 2, after: first.data!.auditEvents.pageInfo.endCursor }, { as: "AUDITOR" });
    expect(second.data!.auditEvents.pageInfo.hasNextPage).toBe(false);
    const seen = [...first.data!.auditEvents.edges, ...second.data!.auditEvents.edges].map((e: any) => e.node);
    expect(seen.map((n: any) => n.customerIds[0])).toEqual(customerIds.slice(3, 6).reverse());
    expect(seen.every((n: any) => n.principal === "user:steward" && n.operation === "StewardReads")).toBe(true);
  });

  it("answers BAD_USER_INPUT for a customerId that is not an id", async () => {
    const res = await app.gql(EVENTS, { filter: { customerId: "42" } }, { as: "AUDITOR" });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.customerId" });
  });

  it("loads the access logs of a whole page of customers in one statement, plus one for the counts", async () => {
    app.database.statements.length = 0;
    const res = await app.gql(
      `query { customers(first: 6) { edges { node { id accessLog(first: 1) { totalCount edges { node { principal } } } } } } }`,
      {},
      { as: "AUDITOR" },
    );
    expect(res.errors).toBeUndefined();
    const logs = res.data!.customers.edges.map((e: any) => e.node.accessLog);
    expect(logs.map((l: any) => l.totalCount)).toEqual([1, 0, 1, 1, 1, 1]);
    expect(app.database.statements.filter((s) => s.includes('"audit_events"'))).toHaveLength(2);
  });
});

describe("tamper evidence", () => {
  it("rejects UPDATE, DELETE and TRUNCATE on audit_events", async () => {
    for (const statement of [sql`update audit_events set principal = 'user:nobody'`, sql`delete from audit_events`, sql`truncate audit_events`]) {
      const error = await db().execute(statement).then(() => undefined, (e: unknown) => e);
      expect(databaseMessage(error)).toMatch(/audit_events is append-only/);
    }
  });

  it("auditChain reports an untouched trail as ok, with every event checked", async () => {
    const res = await app.gql(CHAIN, {}, { as: "AUDITOR" });
    expect(res.data!.auditChain).toEqual({ ok: true, checked: await eventCount(), firstBrokenId: null, reason: null, lastHash: (await lastEvent())!.hash });
  });

  it("auditChain names a row altered behind the API's back", async () => {
    const [, victim] = await db().select().from(auditEvents).orderBy(asc(auditEvents.seq)).limit(2);
    await behindTheApisBack((tx) => tx.update(auditEvents).set({ principal: "user:someone-else" }).where(eq(auditEvents.seq, victim!.seq)));
    try {
      const res = await app.gql(CHAIN, {}, { as: "AUDITOR" });
      expect(res.data!.auditChain).toMatchObject({ ok: false, firstBrokenId: victim!.seq, checked: 2, reason: expect.stringMatching(/altered/) });
    } finally {
      await behindTheApisBack((tx) => tx.update(auditEvents).set({ principal: victim!.principal }).where(eq(auditEvents.seq, victim!.seq)));
    }
    expect((await app.gql(CHAIN, {}, { as: "AUDITOR" })).data!.auditChain.ok).toBe(true);
  });

  it("auditChain detects a deleted row at the row after it, whatever the batch size", async () => {
    const rows = await db().select().from(auditEvents).orderBy(asc(auditEvents.seq)).limit(4);
    const [victim, next] = [rows[2]!, rows[3]!];
    await behindTheApisBack((tx) => tx.delete(auditEvents).where(eq(auditEvents.seq, victim.seq)));
    try {
      const res = await app.gql(CHAIN, {}, { as: "AUDITOR" });
      expect(res.data!.auditChain).toMatchObject({ ok: false, firstBrokenId: next.seq, reason: expect.stringMatching(new RegExp(`event #${rows[1]!.seq}.*removed or inserted`)) });
      for (const batchSize of [1, 2, 3, 1000]) {
        expect((await verifyAuditChain(db(), { batchSize })).firstBroken?.seq).toBe(next.seq);
      }
    } finally {
      await reinsert(victim);
    }
    expect(await verifyAuditChain(db(), { batchSize: 2 })).toMatchObject({ ok: true, checked: await eventCount() });
  });

  it("detects a removed first row: the chain must start from the genesis hash", async () => {
    const [first, second] = await db().select().from(auditEvents).orderBy(asc(auditEvents.seq)).limit(2);
    await behindTheApisBack((tx) => tx.delete(auditEvents).where(eq(auditEvents.seq, first!.seq)));
    try {
      expect((await verifyAuditChain(db())).firstBroken).toEqual({ seq: second!.seq, reason: expect.stringMatching(/genesis/) });
    } finally {
      await reinsert(first!);
    }
  });

  it.runIf(process.env.TESSERA_TEST_DB === "postgres")(
    "`tessera audit verify` exits 0 on a good chain and 1 naming the row after tampering",
    async () => {
      const good = await runCli(["audit", "verify"], app.database.url!);
      expect(good.stderr).not.toMatch(/BROKEN/);
      expect(good).toMatchObject({ code: 0, stdout: expect.stringContaining(`Audit chain OK: ${await eventCount()} events checked`) });

      const victim = (await db().select().from(auditEvents).where(eq(auditEvents.principal, "user:steward")).limit(1))[0]!;
      await behindTheApisBack((tx) => tx.update(auditEvents).set({ fields: ["Customer.region"] }).where(eq(auditEvents.seq, victim.seq)));
      try {
        const broken = await runCli(["audit", "verify", "--batch-size", "2"], app.database.url!);
        expect(broken.code).toBe(1);
        expect(broken.stderr).toContain(`Audit chain BROKEN at event #${victim.seq}: its contents do not match its hash`);
      } finally {
        await behindTheApisBack((tx) => tx.update(auditEvents).set({ fields: victim.fields }).where(eq(auditEvents.seq, victim.seq)));
      }
    },
    120_000,
  );
});

function runCli(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = repoRoot();
  const child = spawn(process.execPath, [join(root, "packages/api/bin/tessera.mjs"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", NODE_ENV: "production" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
