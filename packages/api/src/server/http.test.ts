import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client.js";
import { createApollo } from "../graphql/apollo.js";
import { TokenService } from "../privacy/tokens.js";
import { insertCustomers } from "../test/builders.js";
import { startTestApp, type TestApp } from "../test/app.js";
import { createRateLimiter } from "./rate-limit.js";
import { createHttpServer } from "./server.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ rateLimiter: null, corsOrigins: ["https://partner.example.com"] });
  await insertCustomers(app.database.db, 30);
});
afterAll(() => app.close());

/** A raw HTTP request (fetch would normalise the path and decompress the body). */
function raw(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, method: options.method ?? "GET", path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("bad requests get a 4xx answer", () => {
  it("a path that is not valid percent-encoding answers 400", async () => {
    const res = await raw(app.url, { path: "/%E0%A4%A" });
    expect(res.status).toBe(400);
  });

  it("a body over 5 MB is read to the end and answered 413, not dropped", async () => {
    const body = Buffer.alloc(6 * 1024 * 1024, "a");
    const res = await raw(app.url, { method: "POST", path: "/graphql", headers: { "content-type": "application/json", "content-length": String(body.length) }, body });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString()).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("rate limits", () => {
  it("past its budget a caller gets RATE_LIMITED with retryAfter and Retry-After; another caller is still served", async () => {
    const limited = await startTestApp({ rateLimiter: createRateLimiter(5) });
    try {
      const bearer = await limited.bearer("STEWARD");
      const call = (authorization: string) =>
        fetch(`${limited.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ query: "{ customers(first: 1) { totalCount } }" }) });
      for (let i = 0; i < 5; i++) expect((await call(bearer)).status).toBe(200);
      const refused = await call(bearer);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      const body = (await refused.json()) as { errors: { extensions: { code: string; retryAfter: number } }[] };
      expect(body.errors[0]!.extensions).toMatchObject({ code: "RATE_LIMITED", retryAfter });
      // Another user (its own token and id) has its own budget.
      expect((await call(await limited.bearer("AGENT"))).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("deadline and database faults", () => {
  it("a request held past the deadline answers UNAVAILABLE (DEADLINE_EXCEEDED) while health checks keep answering", async () => {
    const slow = await startTestApp({ rateLimiter: null, requestTimeoutMs: 300 });
    try {
      // The session's user row is made before the database is held (the tests' role users are made on first use).
      const authorization = await slow.bearer("STEWARD");
      // Hold the database: PGlite's transaction keeps its one connection across awaits (a sleeping
      // statement would block the event loop); on PostgreSQL a table lock blocks the read.
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const hold =
        slow.database.driver === "pglite"
          ? slow.database.raw.pglite!.transaction(async () => {
              locked();
              await new Promise((r) => setTimeout(r, 2_000));
            })
          : slow.database.raw.postgres!.begin(async (sql) => {
              await sql`lock table customers in access exclusive mode`;
              locked();
              await sql`select pg_sleep(2)`;
            });
      await Promise.race([isLocked, hold]);
      const started = performance.now();
      const res = await slow.gql("{ customers(first: 1) { totalCount } }", {}, { as: "ANONYMOUS", headers: { authorization } });
      const elapsed = performance.now() - started;
      expect(res.status).toBe(503);
      expect(res.errors![0]!.extensions).toMatchObject({ code: "UNAVAILABLE", reason: "DEADLINE_EXCEEDED" });
      expect(elapsed).toBeLessThan(1_500);
      expect((await fetch(`${slow.url}/healthz`)).status).toBe(200);
      await hold;
    } finally {
      await slow.close();
    }
  });

  it("PostgreSQL's statement_timeout cancels a statement and maps to UNAVAILABLE, not INTERNAL", async () => {
    if (app.database.driver !== "postgres") return; // PGlite has no statement timeout (the request deadline covers it)
    const timed = await openDatabase({ url: app.database.url!, statementTimeoutMs: 100 });
    try {
      const { mapDatabaseError } = await import("../graphql/errors.js");
      const error = await timed.raw.postgres!`select pg_sleep(2)`.then(() => undefined, (e: unknown) => e);
      expect(mapDatabaseError(error)).toMatchObject({ code: "UNAVAILABLE", extensions: { reason: "DEADLINE_EXCEEDED" } });
    } finally {
      await timed.close();
    }
  });

  it("with the database unreachable, reads answer UNAVAILABLE with 503 quickly", async () => {
    const down = await openDatabase({ url: "postgres://tessera@127.0.0.1:9/none" });
    const apollo = await createApollo();
    const tokens = await TokenService.create(app.database.db, "test-secret-test-secret-test-secret!");
    const server = createHttpServer(apollo, down, tokens, { rateLimiter: null });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const authorization = `Bearer ${(await tokens.issue({ userId: "00000000-0000-4000-8000-000000000001", username: "steward", role: "STEWARD", sessionVersion: 0 })).token}`;
      const started = performance.now();
      const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ query: "{ customers(first: 1) { totalCount } }" }) });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe("UNAVAILABLE");
      expect(JSON.stringify(body)).not.toMatch(/select|ECONNREFUSED|127\.0\.0\.1/i);
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await new Promise((r) => server.close(r));
      await apollo.stop();
      await down.close();
    }
  });
});

describe("HTTP for partners", () => {
  it("CORS: a listed origin gets its preflight and allow-origin; others get none", async () => {
    const preflight = await raw(app.url, {
      method: "OPTIONS",
      path: "/graphql",
      headers: { origin: "https://partner.example.com", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, x-purpose" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://partner.example.com");
    expect(String(preflight.headers["access-control-allow-headers"])).toContain("x-purpose");
    const other = await raw(app.url, { method: "OPTIONS", path: "/graphql", headers: { origin: "https://evil.example.com", "access-control-request-method": "POST" } });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("large answers are compressed with brotli or gzip as the client accepts", async () => {
    const body = Buffer.from(JSON.stringify({ query: "{ __schema { types { name description fields { name description } } } }" }));
    const authorization = await app.bearer("STEWARD");
    const headers = { "content-type": "application/json", authorization };
    const plain = await raw(app.url, { method: "POST", path: "/graphql", headers, body });
    const br = await raw(app.url, { method: "POST", path: "/graphql", headers: { ...headers, "accept-encoding": "br" }, body });
    const gz = await raw(app.url, { method: "POST", path: "/graphql", headers: { ...headers, "accept-encoding": "gzip" }, body });
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
  });

  it("every answer has nosniff; the console has a CSP with frame-ancestors 'none' and X-Frame-Options", async () => {
    const api = await raw(app.url, { path: "/healthz" });
    expect(api.headers["x-content-type-options"]).toBe("nosniff");
    const console = await raw(app.url, { path: "/customers" });
    if (console.status === 404) return; // the console is not built in this checkout
    expect(String(console.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
    expect(String(console.headers["content-security-policy"])).toContain("script-src 'self'");
    expect(console.headers["x-frame-options"]).toBe("DENY");
  });

  it("serves the bundled GraphQL explorer at /explorer, with no third-party script", async () => {
    const page = await raw(app.url, { path: "/explorer" });
    if (page.status === 404) return; // the console is not built in this checkout
    const html = page.body.toString();
    expect(html).toContain("<title>Tessera GraphQL explorer</title>");
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((src) => src.startsWith("/assets/"))).toBe(true);
    expect(String(page.headers["content-security-policy"])).toContain("script-src 'self'");
  });

  it("signed-in callers may introspect (TESSERA_INTROSPECTION=signed-in); anonymous callers may not", async () => {
    const signedIn = await app.gql("{ __schema { queryType { name } } }");
    expect(signedIn.data).toEqual({ __schema: { queryType: { name: "Query" } } });
    const anonymous = await app.gql("{ __schema { queryType { name } } }", {}, { as: "ANONYMOUS" });
    expect(anonymous.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("passes every MUST of the GraphQL-over-HTTP server audit (graphql-http) with a signed-in token", async () => {
    const authorization = await app.bearer("STEWARD");
    const audits = serverAudits({ url: `${app.url}/graphql`, fetchFn: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization } }) });
    const results = await Promise.all(audits.map((audit) => audit.fn()));
    const must = results.filter((r) => r.name.startsWith("MUST"));
    const failed = must.filter((r) => r.status !== "ok").map((r) => r.name);
    expect(failed).toEqual([]);
    expect(must.length).toBe(13);
    const should = results.filter((r) => r.name.startsWith("SHOULD"));
    console.log(`graphql-http audit: MUST ${must.length - failed.length}/${must.length}, SHOULD ${should.filter((r) => r.status === "ok").length}/${should.length}`);
  });
});

describe("metrics", () => {
  it("/metrics serves Prometheus text with request counts, latency per operation, errors by code and queue gauges", async () => {
    await app.gql("query ListForMetrics { customers(first: 1) { totalCount } }");
    await app.gql("{ nothingHere }");
    const res = await fetch(`${app.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/tessera_http_requests_total\{route="graphql",status="200",code=""\} \d+/);
    expect(text).toMatch(/tessera_graphql_request_duration_seconds_count\{operation="query customers"\} [1-9]/);
    expect(text).toMatch(/tessera_graphql_errors_total\{code="BAD_USER_INPUT"\} \d+/);
    expect(text).toMatch(/tessera_audit_queue_depth \d+/);
    expect(text).toMatch(/tessera_db_slots_busy \d+/);
    expect(text).toMatch(/tessera_db_pool_size \d+/);
  });
});
