import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "../db/client.js";
import { rowsOf } from "../db/rows.js";
import { repoRoot } from "../lib/paths.js";
import { startTestApp, type TestApp } from "../test/app.js";
import { createPartner, issueKey } from "../modules/partner/partner.service.js";
import { insertCustomers, insertGrants, validNationalId } from "../test/builders.js";
import { chainHash } from "./audit.chain.js";
import { auditEvents, auditSeals } from "./audit.table.js";
import { checkpointPublicKey, checkpointSignatureProblem, createCheckpoint } from "./checkpoint.js";
import { systemKey } from "./keys.js";
import { sealPending } from "./seal.js";
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
const seals = () => db().select().from(auditSeals).orderBy(asc(auditSeals.pos));
type Seal = typeof auditSeals.$inferSelect;

/** What a database superuser can do: switch the append-only triggers off around a change. */
async function behindTheApisBack(change: (tx: Tx) => Promise<unknown>) {
  await db().transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    await tx.execute(sql`alter table audit_seals disable trigger audit_seals_no_update_delete`);
    await change(tx);
    await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
    await tx.execute(sql`alter table audit_seals enable trigger audit_seals_no_update_delete`);
  });
}

/** Puts removed seals back exactly as they were. */
async function reinsert(...removed: Seal[]) {
  await db().insert(auditSeals).values(removed);
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
    // Sealing what is pending first reads the queue (audit_pending); the logs themselves are two statements.
    expect(app.database.statements.filter((s) => s.includes('"audit_events"') && !s.includes('"audit_pending"'))).toHaveLength(2);
  });
});

describe("tamper evidence", () => {
  it("rejects UPDATE, DELETE and TRUNCATE on audit_events and audit_seals", async () => {
    await sealPending(db(), { wait: true });
    for (const table of ["audit_events", "audit_seals"]) {
      for (const statement of [`update ${table} set ${table === "audit_seals" ? "hash" : "operation"} = 'x'`, `delete from ${table}`, `truncate ${table}`]) {
        const error = await db().execute(sql.raw(statement)).then(() => undefined, (e: unknown) => e);
        expect(databaseMessage(error)).toMatch(new RegExp(`${table} is append-only|cannot truncate a table referenced in a foreign key`));
      }
    }
  });

  it("an unsealed event cannot leave the pending queue", async () => {
    await app.gql(AGENT_LOOKS_UP, { id: customerIds[0] }, { as: "AGENT" });
    const [pending] = rowsOf<{ seq: number }>(await db().execute(sql`select seq from audit_pending limit 1`));
    expect(pending).toBeDefined();
    for (const statement of [sql`delete from audit_pending where seq = ${pending!.seq}`, sql`update audit_pending set seq = seq`, sql`truncate audit_pending`]) {
      const error = await db().execute(statement).then(() => undefined, (e: unknown) => e);
      expect(databaseMessage(error)).toMatch(/audit_pending/);
    }
  });

  it("auditChain seals what is pending and reports an untouched trail as ok, with every event checked", async () => {
    const res = await app.gql(CHAIN, {}, { as: "AUDITOR" });
    const head = (await seals()).at(-1)!;
    expect(head.seq).toBe((await lastEvent())!.seq);
    expect(res.data!.auditChain).toEqual({ ok: true, checked: await eventCount(), firstBrokenId: null, reason: null, lastHash: head.hash });
  });

  it("an altered row re-chained without the chain key fails verification (the chain is keyed)", async () => {
    const all = await seals();
    const victim = all[1]!;
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.seq, victim.seq));
    const forged = { ...event!, principal: "user:someone-else" };
    // The forger knows the algorithm and every stored value, but not the master key: any key it picks is wrong.
    const guessedKey = Buffer.alloc(32, 7);
    const rechain = async (key: Buffer) => {
      await behindTheApisBack(async (tx) => {
        await tx.update(auditEvents).set({ principal: forged.principal }).where(eq(auditEvents.seq, victim.seq));
        let prev = victim.prevHash;
        for (const seal of all.slice(1)) {
          const [e] = await tx.select().from(auditEvents).where(eq(auditEvents.seq, seal.seq));
          const hash = chainHash(key, prev, seal.pos, e!);
          await tx.update(auditSeals).set({ prevHash: prev, hash }).where(eq(auditSeals.pos, seal.pos));
          prev = hash;
        }
      });
    };
    const restore = () =>
      behindTheApisBack(async (tx) => {
        await tx.update(auditEvents).set({ principal: event!.principal }).where(eq(auditEvents.seq, victim.seq));
        for (const seal of all) await tx.update(auditSeals).set({ prevHash: seal.prevHash, hash: seal.hash }).where(eq(auditSeals.pos, seal.pos));
      });
    try {
      await rechain(guessedKey);
      expect((await verifyAuditChain(db())).firstBroken).toEqual({ seq: victim.seq, reason: expect.stringMatching(/altered/) });
      // The same forgery with the real chain key (which needs the master key) would pass: the key is the control.
      await rechain(await systemKey(db(), "audit-chain"));
      expect((await verifyAuditChain(db())).ok).toBe(true);
    } finally {
      await restore();
    }
    expect((await verifyAuditChain(db())).ok).toBe(true);
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

  it("auditChain detects a deleted seal at the event after it, whatever the batch size", async () => {
    const rows = (await seals()).slice(0, 4);
    const [victim, next] = [rows[2]!, rows[3]!];
    await behindTheApisBack((tx) => tx.delete(auditSeals).where(eq(auditSeals.pos, victim.pos)));
    try {
      const res = await app.gql(CHAIN, {}, { as: "AUDITOR" });
      expect(res.data!.auditChain).toMatchObject({ ok: false, firstBrokenId: next.seq, reason: expect.stringMatching(new RegExp(`position ${rows[1]!.pos}.*removed or inserted`)) });
      for (const batchSize of [1, 2, 3, 1000]) {
        expect((await verifyAuditChain(db(), { batchSize })).firstBroken?.seq).toBe(next.seq);
      }
    } finally {
      await reinsert(victim);
    }
    expect(await verifyAuditChain(db(), { batchSize: 2 })).toMatchObject({ ok: true, checked: await eventCount(), unsealed: 0 });
  });

  it("detects a removed first seal: the chain must start from the genesis hash", async () => {
    const [first, second] = await seals();
    await behindTheApisBack((tx) => tx.delete(auditSeals).where(eq(auditSeals.pos, first!.pos)));
    try {
      expect((await verifyAuditChain(db())).firstBroken).toEqual({ seq: second!.seq, reason: expect.stringMatching(/genesis/) });
    } finally {
      await reinsert(first!);
    }
  });

  it("a signed checkpoint detects a deleted tail, which the chain alone cannot", async () => {
    await app.gql(AGENT_LOOKS_UP, { id: customerIds[1] }, { as: "AGENT" });
    const cp = await createCheckpoint(db());
    expect(checkpointSignatureProblem(cp, checkpointPublicKey())).toBeUndefined();
    expect(cp.pos).toBe(await eventCount());
    const tail = (await seals()).slice(-2);
    await behindTheApisBack((tx) => tx.delete(auditSeals).where(sql`${auditSeals.pos} >= ${tail[0]!.pos}`));
    try {
      expect((await verifyAuditChain(db())).ok).toBe(true);
      const checked = await verifyAuditChain(db(), { checkpoint: cp });
      expect(checked).toMatchObject({ ok: false, checkpoint: { ok: false, reason: expect.stringMatching(/removed from the end/) } });
    } finally {
      await reinsert(...tail);
    }
    expect((await verifyAuditChain(db(), { checkpoint: cp })).ok).toBe(true);
  });

  it("a checkpoint detects a rewrite before it even by someone holding the chain key, and a forged checkpoint is rejected", async () => {
    const cp = await createCheckpoint(db());
    const all = await seals();
    const victim = all.at(-2)!;
    const chainKey = await systemKey(db(), "audit-chain");
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.seq, victim.seq));
    const rewrite = async (principal: string) =>
      behindTheApisBack(async (tx) => {
        await tx.update(auditEvents).set({ principal }).where(eq(auditEvents.seq, victim.seq));
        let prev = victim.prevHash;
        for (const seal of all.slice(-2)) {
          const [e] = await tx.select().from(auditEvents).where(eq(auditEvents.seq, seal.seq));
          const hash = chainHash(chainKey, prev, seal.pos, e!);
          await tx.update(auditSeals).set({ prevHash: prev, hash }).where(eq(auditSeals.pos, seal.pos));
          prev = hash;
        }
      });
    await rewrite("user:someone-else");
    try {
      expect((await verifyAuditChain(db())).ok).toBe(true);
      expect((await verifyAuditChain(db(), { checkpoint: cp })).checkpoint).toEqual({ ok: false, reason: expect.stringMatching(/rewritten/) });
    } finally {
      await rewrite(event!.principal);
    }
    expect(checkpointSignatureProblem({ ...cp, pos: cp.pos - 1 }, checkpointPublicKey())).toMatch(/signature does not verify/);
    expect(checkpointSignatureProblem({ ...cp, publicKey: "MCowBQYDK2VwAyEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }, checkpointPublicKey())).toMatch(/another key/);
  });

  it.runIf(process.env.TESSERA_TEST_DB === "postgres")(
    "`tessera audit verify` exits 0 on a good chain and 1 naming the row after tampering",
    async () => {
      await app.gql(AGENT_LOOKS_UP, { id: customerIds[0] }, { as: "AGENT" });
      const good = await runCli(["audit", "verify"], app.database.url!);
      expect(good.stderr).not.toMatch(/BROKEN/);
      expect(good).toMatchObject({ code: 0, stdout: expect.stringContaining(`Audit chain OK: ${(await seals()).length} events checked`) });
      expect(good.stdout).toContain("; 1 events not sealed yet");

      const file = join(mkdtempSync(join(tmpdir(), "tessera-cp-")), "checkpoint.json");
      const cp = await runCli(["audit", "checkpoint", "--out", file], app.database.url!);
      expect(cp.code).toBe(0);
      const withCp = await runCli(["audit", "verify", "--checkpoint", file], app.database.url!);
      expect(withCp).toMatchObject({ code: 0, stdout: expect.stringMatching(/matches the checkpoint .*; 0 events not sealed yet/) });
      const key = await runCli(["audit", "public-key"], app.database.url!);
      expect(key.stdout.trim()).toBe(checkpointPublicKey());

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
