import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/client.js";
import { migrate } from "../db/migrate.js";
import { applyApiRole } from "../db/roles.js";
import { customers } from "../modules/customer/customer.table.js";
import { SYSTEM_PRINCIPAL } from "../privacy/principal.js";
import { insertCustomers } from "../test/builders.js";
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from "../test/database.js";
import { PersonalValue } from "./audit.collector.js";
import { appendAudit, type AuditActor } from "./audit.writer.js";
import { customerDataKeys, shredCustomerKey } from "./keys.js";
import { sealPending, startAuditSealer } from "./seal.js";
import { verifyAuditChain } from "./verify.js";

const onPostgres = process.env.TESSERA_TEST_DB === "postgres";
const actor = (i: number): AuditActor => ({ requestId: `r-${i}`, principal: SYSTEM_PRINCIPAL, purpose: "SERVICE" });
const read = (i: number) => ({ action: "READ" as const, operation: `Op${i}`, customerIds: [], fields: ["Customer.name"] });

function refusal(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string } } | undefined;
  return e?.cause?.message ?? e?.message ?? "(it succeeded)";
}

describe.runIf(onPostgres)("on PostgreSQL", () => {
  let owner: TestDatabase;
  let role: string;
  let asApi: Database;
  beforeAll(async () => {
    owner = await createTestDatabase();
    // A role of its own per run: roles are global to the server, test databases are not.
    role = `tessera_api_test_${randomBytes(4).toString("hex")}`;
    await applyApiRole(owner.db, role);
    await applyApiRole(owner.db, role); // idempotent
    asApi = await openDatabase({ url: owner.url!.replace("postgres://postgres@", `postgres://${role}@`), maxConnections: 4 });
  });
  afterAll(async () => {
    await asApi?.close();
    await owner?.close();
    const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop role if exists ${role}`);
    await admin.end();
  });

  it("the API role writes, reads, seals, erases keys and verifies; start-up migration is a no-op for it", async () => {
    await migrate(asApi, owner.url!.replace("postgres://postgres@", `postgres://${role}@`));
    const [id] = await insertCustomers(asApi.db, 1);
    await asApi.db.update(customers).set({ city: "Hangzhou" }).where(eq(customers.id, id!));
    await asApi.db.transaction((tx) =>
      appendAudit(tx, actor(0), [{ action: "UPDATE", operation: "Op0", customerIds: [id!], fields: ["Customer.city"], changes: [{ field: "city", before: null, after: new PersonalValue("Hangzhou") }] }]),
    );
    await appendAudit(asApi.db, actor(1), [read(1)]);
    expect((await customerDataKeys(asApi.db, [id!])).size).toBe(1);
    expect((await sealPending(asApi.db, { wait: true })).sealed).toBe(2);
    expect(await shredCustomerKey(asApi.db, id!)).toBe(true);
    expect(await verifyAuditChain(asApi.db)).toMatchObject({ ok: true, checked: 2, unsealed: 0 });
  });

  it("the API role cannot change, remove or unprotect audit rows", async () => {
    await appendAudit(asApi.db, actor(2), [read(2)]);
    const forbidden = [
      "update audit_events set principal = 'user:nobody'",
      "delete from audit_events",
      "truncate audit_events",
      "update audit_seals set hash = 'x'",
      "delete from audit_seals",
      "truncate audit_seals",
      "update audit_pending set seq = seq",
      "truncate audit_pending",
      "update system_keys set wrapped = 'x'",
      "delete from system_keys",
      "alter table audit_events disable trigger audit_events_no_update_delete",
      "alter table audit_seals disable trigger all",
      "drop trigger audit_events_no_update_delete on audit_events",
      "create trigger sneaky before insert on audit_events for each row execute function audit_events_append_only()",
      "set session_replication_role = replica",
      "drop table audit_seals",
    ];
    for (const statement of forbidden) {
      const error = await asApi.db.execute(sql.raw(statement)).then(() => undefined, (e: unknown) => e);
      expect(refusal(error), statement).toMatch(/permission denied|must be owner/);
    }
    // An unsealed seq cannot leave the queue even with the DELETE the sealer needs.
    const error = await asApi.db.execute(sql`delete from audit_pending`).then(() => undefined, (e: unknown) => e);
    expect(refusal(error)).toMatch(/only sealed events leave the queue/);
    // The owner still can (that is who runs migrations), and the chain is what catches its tampering.
    await owner.db.execute(sql`select 1 from audit_events limit 1`);
  });
});

describe.runIf(onPostgres)("two processes appending to one PostgreSQL", () => {
  let database: TestDatabase;
  const clients: Database[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 2; i++) clients.push(await openDatabase({ url: database.url!, maxConnections: 4 }));
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await database?.close();
  });

  it("append concurrently, each with its own sealer, and verify as one intact chain", async () => {
    const perProcess = 150;
    const sealers = clients.map((c) => startAuditSealer(c.db, { intervalMs: 50, delayMs: 5 }));
    await Promise.all(
      clients.map((c, p) =>
        Promise.all(
          Array.from({ length: 4 }, async (_, w) => {
            for (let i = w; i < perProcess; i += 4) await c.db.transaction((tx) => appendAudit(tx, actor(p * 1000 + i), [read(p * 1000 + i)]));
          }),
        ),
      ),
    );
    for (const s of sealers) await s.stop();
    const result = await verifyAuditChain(database.db, { batchSize: 64 });
    expect(result).toMatchObject({ ok: true, checked: 2 * perProcess, unsealed: 0, lastPos: 2 * perProcess });
    const ops = await database.db.execute(sql`select count(distinct request_id)::int as n from audit_events`);
    expect((ops as unknown as { n: number }[])[0]!.n).toBe(2 * perProcess);
  });
});
