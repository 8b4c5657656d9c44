import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/client.js";
import { createPartner, issueKey } from "../modules/partner/partner.service.js";
import type { Principal } from "../privacy/principal.js";
import { startTestApp, type TestApp } from "../test/app.js";
import { PrincipalCache } from "./principal-cache.js";

const ME = `query { me { name role } }`;
const CUSTOMERS = `query { customers(first: 1) { edges { node { id } } } }`;

/** Polls until the answer is refused (UNAUTHENTICATED), for at most `withinMs`. */
async function refusedWithin(ask: () => Promise<{ status: number; errors?: { extensions?: Record<string, unknown> }[] }>, withinMs: number) {
  const until = Date.now() + withinMs;
  for (;;) {
    const answer = await ask();
    if (answer.errors?.[0]?.extensions?.code === "UNAUTHENTICATED") return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("who a credential is, remembered for a moment", () => {
  let app: TestApp;
  // A minute: every change below must be seen through the database's announcement, not by the entry ageing out.
  beforeAll(async () => {
    app = await startTestApp({ authCacheMs: 60_000 });
  });
  afterAll(() => app.close());

  const userChecks = () => app.database.statements.filter((s) => /from "users"/.test(s)).length;

  it("checks a session against the users table once, not on every request", async () => {
    await app.gql(ME, {}, { as: "AGENT" }); // creates the agent's user row
    await new Promise((resolve) => setTimeout(resolve, 200)); // its insert is no access change; listening has started
    app.database.statements.length = 0;
    for (let i = 0; i < 5; i++) expect((await app.gql(ME, {}, { as: "AGENT" })).data?.me?.role).toBe("AGENT");
    // `me` answers from the principal: the only reads of users are session checks, one at most.
    expect(userChecks()).toBeLessThanOrEqual(1);
  });

  it("a user disabled by plain SQL (not through the API) is refused at once", async () => {
    const bearer = await app.bearer("ANALYST");
    const ask = () => app.gql(CUSTOMERS, {}, { headers: { authorization: bearer }, as: "ANONYMOUS" });
    expect((await ask()).errors).toBeUndefined();
    expect((await ask()).errors).toBeUndefined(); // remembered now
    await app.database.db.execute(sql`update users set disabled_at = now() where username = 'analyst'`);
    expect(await refusedWithin(ask, 2_000)).toBe(true);
  });

  it("a role changed by plain SQL applies to the next request", async () => {
    const bearer = await app.bearer("AUDITOR");
    const ask = () => app.gql(ME, {}, { headers: { authorization: bearer }, as: "ANONYMOUS" });
    expect((await ask()).data?.me?.role).toBe("AUDITOR");
    await app.database.db.execute(sql`update users set role = 'AGENT' where username = 'auditor'`);
    const until = Date.now() + 2_000;
    let role: unknown;
    do role = (await ask()).data?.me?.role;
    while (role !== "AGENT" && Date.now() < until);
    expect(role).toBe("AGENT");
  });

  it("a revoked API key is refused at once", async () => {
    const partner = await createPartner(app.database.db, { name: "cache-partner", purposes: ["MARKETING"], fields: ["Customer.name"] });
    const { key, row } = await issueKey(app.database.db, partner.id);
    const ask = () => app.gql(CUSTOMERS, {}, { as: { apiKey: key }, purpose: "MARKETING" });
    expect((await ask()).errors).toBeUndefined();
    expect((await ask()).errors).toBeUndefined();
    await app.database.db.execute(sql`update api_keys set revoked_at = now() where id = ${row.id}`);
    expect(await refusedWithin(ask, 2_000)).toBe(true);
  });

  it("a wrong secret for a remembered key id is refused", async () => {
    const partner = await createPartner(app.database.db, { name: "cache-partner-2", purposes: ["MARKETING"], fields: ["Customer.name"] });
    const { key } = await issueKey(app.database.db, partner.id);
    expect((await app.gql(CUSTOMERS, {}, { as: { apiKey: key }, purpose: "MARKETING" })).errors).toBeUndefined();
    const forged = key.replace(/.$/, (c) => (c === "a" ? "b" : "a"));
    expect((await app.gql(CUSTOMERS, {}, { as: { apiKey: forged }, purpose: "MARKETING" })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("bookkeeping (a key's last use, a user's login attempts) ends nothing: it would end every principal once a minute per key", async () => {
    const partner = await createPartner(app.database.db, { name: "cache-partner-3", purposes: ["MARKETING"], fields: ["Customer.name"] });
    const { key, row } = await issueKey(app.database.db, partner.id);
    const asKey = () => app.gql(CUSTOMERS, {}, { as: { apiKey: key }, purpose: "MARKETING" });
    const asAgent = () => app.gql(ME, {}, { as: "AGENT" });
    await asKey();
    await asAgent();
    await app.database.db.execute(sql`update api_keys set last_used_at = now() - interval '1 second' where id = ${row.id}`);
    await app.database.db.execute(sql`update users set failed_logins = failed_logins + 1, last_login_at = now() where username = 'agent'`);
    await new Promise((resolve) => setTimeout(resolve, 300)); // an announcement, had there been one, has arrived
    app.database.statements.length = 0;
    expect((await asKey()).errors).toBeUndefined();
    expect((await asAgent()).data?.me?.role).toBe("AGENT");
    expect(app.database.statements.filter((s) => /from "(api_keys|users)"/.test(s))).toEqual([]);
    // An access column of the same rows does end them.
    await app.database.db.execute(sql`update users set clearance = 2 where username = 'agent'`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await asAgent();
    expect(userChecks()).toBe(1);
  });

  it.runIf(process.env.TESSERA_TEST_DB === "postgres")("a change made by another process (its own connections) reaches this one", async () => {
    const other: Database = await openDatabase({ url: app.database.url!, maxConnections: 1 });
    try {
      const bearer = await app.bearer("AGENT");
      const ask = () => app.gql(ME, {}, { headers: { authorization: bearer }, as: "ANONYMOUS" });
      expect((await ask()).data?.me?.role).toBe("AGENT");
      await other.db.execute(sql`update users set session_version = session_version + 1 where username = 'agent'`);
      expect(await refusedWithin(ask, 2_000)).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe("PrincipalCache", () => {
  const principal: Principal = { kind: "USER", id: "u1", name: "u1", role: "AGENT" };
  const listening = async (ttlMs = 60_000) => {
    const cache = new PrincipalCache(ttlMs);
    let announce = () => {};
    await cache.watch({ listen: async (_channel: string, onMessage: () => void) => ((announce = onMessage), onMessage(), async () => {}) } as unknown as Database);
    return { cache, announce: () => announce() };
  };

  it("does not remember a check that was under way when access changed", async () => {
    const { cache, announce } = await listening();
    let checks = 0;
    let release!: () => void;
    const slow = () => new Promise<Principal>((resolve) => ((release = () => resolve(principal)), checks++));
    const first = cache.resolve("k", slow);
    announce(); // the change lands while the first check is reading the old row
    release();
    await first;
    await cache.resolve("k", async () => (checks++, principal));
    expect(checks).toBe(2);
  });

  it("remembers nothing before listening has started, nor a refusal, nor past its time", async () => {
    const idle = new PrincipalCache(60_000);
    let checks = 0;
    const check = async () => (checks++, principal);
    await idle.resolve("k", check);
    await idle.resolve("k", check);
    expect(checks).toBe(2);

    const { cache } = await listening(30);
    let refusals = 0;
    await cache.resolve("r", async () => (refusals++, undefined));
    await cache.resolve("r", async () => (refusals++, undefined));
    expect(refusals).toBe(2);
    checks = 0;
    await cache.resolve("k", check);
    await cache.resolve("k", check);
    expect(checks).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await cache.resolve("k", check);
    expect(checks).toBe(2);
  });

  it("tries to listen again after a failure, and remembers once it listens", async () => {
    const cache = new PrincipalCache(60_000, 10_000, 20);
    let attempts = 0;
    const started = new Promise<void>((resolve) => {
      void cache.watch({
        listen: async (_channel: string, onMessage: () => void) => {
          if (++attempts === 1) throw new Error("connection refused");
          onMessage();
          resolve();
          return async () => {};
        },
      } as unknown as Database);
    });
    let checks = 0;
    const check = async () => (checks++, principal);
    await cache.resolve("k", check);
    await cache.resolve("k", check);
    expect(checks).toBe(2); // not listening yet: every request checks
    await started;
    await cache.resolve("k", check);
    await cache.resolve("k", check);
    expect([attempts, checks]).toEqual([2, 3]);
    await cache.close();
  });

  it("with a time of 0 it never listens and never remembers", async () => {
    const cache = new PrincipalCache(0);
    let listened = false;
    await cache.watch({ listen: async () => ((listened = true), async () => {}) } as unknown as Database);
    let checks = 0;
    await cache.resolve("k", async () => (checks++, principal));
    await cache.resolve("k", async () => (checks++, principal));
    expect([listened, checks]).toEqual([false, 2]);
  });
});
