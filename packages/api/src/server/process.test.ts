/**
 * The real `tessera` process: start-up failures, the PGlite single-owner lock, request logs and
 * SIGTERM under load. These spawn the CLI on a temporary embedded database, so they run in the
 * PGlite project only (the lifecycle does not depend on the driver; PostgreSQL faults are covered
 * in-process by http.test.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { auditEvents } from "../audit/audit.table.js";
import { openDatabase } from "../db/client.js";
import { lockPath } from "../db/lock.js";
import { repoRoot } from "../lib/paths.js";

const pglite = process.env.TESSERA_TEST_DB !== "postgres";
const CLI = join(repoRoot(), "packages/api/bin/tessera.mjs");
const SECRET = randomBytes(32).toString("base64url");

function cli(args: string[], env: Record<string, string>, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: repoRoot(), env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn", ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** How long the CLI takes to start and stop on this machine (the yardstick for "fast"). */
let startupMs = 0;
beforeAll(async () => {
  // bin/tessera.mjs rebuilds a stale bundle first: do it once, outside the timed runs.
  if (!pglite) return;
  expect((await cli(["--help"], {})).code).toBe(0);
  startupMs = (await cli(["--help"], {})).ms;
}, 120_000);

describe.runIf(pglite)("start-up fails fast and names the variable", () => {
  it("an unreachable DATABASE_URL, an unwritable TESSERA_DATA_DIR and LOG_LEVEL=loud each stop start-up with one clear line", async () => {
    const db = await cli(["migrate"], { DATABASE_URL: "postgres://tessera:secret-pw@127.0.0.1:9/tessera" });
    const dir = await cli(["migrate"], { TESSERA_DATA_DIR: "/dev/null/tessera" });
    const level = await cli(["migrate"], { LOG_LEVEL: "loud", TESSERA_DATA_DIR: join(tmpdir(), "never-used") });
    expect(db.code).not.toBe(0);
    expect(db.stderr).toContain("DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:9/tessera");
    expect(db.stderr).not.toContain("secret-pw");
    // Refused at once; an unreachable host within the 5 s connect timeout (it used to hang for minutes).
    expect(db.ms).toBeLessThan(startupMs + 8_000);
    expect(dir.code).not.toBe(0);
    expect(dir.stderr).toContain("TESSERA_DATA_DIR: cannot write to /dev/null/tessera");
    expect(level.code).toBe(2);
    expect(level.stderr).toContain("LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent");
    for (const run of [db, dir, level]) expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);
});

describe.runIf(pglite)("a running server", () => {
  let dataDir = "";
  let port = 0;
  let server: ChildProcess;
  let output = "";
  let exit: Promise<number | null>;
  const env = () => ({ TESSERA_DATA_DIR: dataDir, TESSERA_SECRET: SECRET, TESSERA_RATE_LIMIT_PER_MINUTE: "0" });
  // A loopback OpenTelemetry collector: the server exports its spans here as OTLP/HTTP JSON.
  const exported: string[] = [];
  let collector: Server;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tessera-process-"));
    collector = createHttpServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (req.url === "/v1/traces") exported.push(body);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as { port: number }).port}`, OTEL_BSP_SCHEDULE_DELAY: "100" };
    const seeded = await cli(["seed", "--customers", "40"], env());
    expect(seeded.code, seeded.stderr).toBe(0);
    const user = await cli(["user", "create", "--username", "ops-steward", "--role", "STEWARD", "--password-stdin"], env(), "a-long-password-1");
    expect(user.code, user.stderr).toBe(0);
    port = await freePort();
    server = spawn(process.execPath, [CLI, "serve", "--port", String(port)], { cwd: repoRoot(), env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "info", ...env(), ...otel } });
    server.stdout!.on("data", (c) => (output += c));
    server.stderr!.on("data", (c) => (output += c));
    exit = new Promise((resolve) => server.once("exit", (code) => resolve(code)));
    for (let i = 0; i < 240; i++) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status, () => 0);
      if (ready === 200) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server did not get ready:\n${output}`);
  }, 240_000);

  afterAll(async () => {
    if (server?.exitCode == null) server?.kill("SIGKILL");
    collector?.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(lockPath(dataDir), { force: true });
  });

  it("owns its PGlite directory: the CLI refuses to open it and names the server's pid and port", async () => {
    expect(existsSync(lockPath(dataDir))).toBe(true);
    const second = await cli(["user", "create", "--username", "late", "--role", "AGENT"], env());
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`is in use by \`tessera serve\` (pid ${server.pid}, port ${port})`);
    expect(second.stdout).not.toContain("Created");
  }, 60_000);

  it("with an OTLP endpoint set, each request is a span continuing the caller's traceparent, with parse/validate/execute and root-field children", async () => {
    const traceId = randomBytes(16).toString("hex");
    const parentId = randomBytes(8).toString("hex");
    const answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${traceId}-${parentId}-01` },
      body: JSON.stringify({ query: "query Traced { customers(first: 1) { totalCount } }" }),
    });
    expect(answer.status).toBe(401); // anonymous: refused, and still traced
    type OtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes: { key: string; value: Record<string, unknown> }[] };
    const spansOf = () =>
      exported
        .flatMap((body) => (JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans)
        .flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))
        .filter((span) => span.traceId === traceId);
    for (let i = 0; i < 100 && !spansOf().some((s) => s.name === "POST /graphql"); i++) await new Promise((r) => setTimeout(r, 100));
    const spans = spansOf();
    const root = spans.find((s) => s.name === "POST /graphql");
    expect(root, JSON.stringify(spans.map((s) => s.name))).toBeDefined();
    expect(root!.parentSpanId).toBe(parentId);
    const attributes = Object.fromEntries(root!.attributes.map((a) => [a.key, Object.values(a.value)[0]]));
    expect(attributes).toMatchObject({ "http.response.status_code": 401, "graphql.operation.name": "Traced", "tessera.principal_kind": "ANONYMOUS", "tessera.error_code": "UNAUTHENTICATED" });
    expect(spans.filter((s) => s.parentSpanId === root!.spanId).map((s) => s.name)).toEqual(expect.arrayContaining(["graphql.parse", "graphql.validate"]));
  }, 60_000);

  it("SIGTERM under load: /readyz turns 503 at once, every request is answered, audit rows are written, exit 0; logs hold no personal value", async () => {
    const url = `http://127.0.0.1:${port}`;
    const login = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `mutation { login(username: "ops-steward", password: "a-long-password-1") { token } }` }),
    }).then((r) => r.json() as Promise<{ data: { login: { token: string } } }>);
    const headers = { "content-type": "application/json", authorization: `Bearer ${login.data.login.token}` };
    const query = "query Load { customers(first: 40) { edges { node { id name email nationalId address } } } }";
    const first = (await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query }) }).then((r) => r.json())) as {
      data: { customers: { edges: { node: Record<string, string | null> }[] } };
    };
    const personal = first.data.customers.edges.flatMap((e) => [e.node.name, e.node.email, e.node.nationalId, e.node.address]).filter((v): v is string => Boolean(v));
    expect(personal.length).toBeGreaterThan(40);

    const load = Array.from({ length: 40 }, () =>
      fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query }) }).then(
        async (r) => ({ status: r.status, body: await r.text() }),
        (error: Error) => ({ status: 0, body: String(error.cause ?? error.message) }),
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    server.kill("SIGTERM");
    // The signal is handled on the server's next turn of its event loop, which 40 requests keep
    // busy (on PGlite each statement holds it): a probe that arrives in the same turn is still
    // answered ready. The first probe after that must be 503, while requests are still in flight.
    let readyz = 0;
    for (let i = 0; i < 100; i++) {
      readyz = await fetch(`${url}/readyz`).then((r) => r.status, () => 0);
      if (readyz !== 200) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const answers = await Promise.all(load);
    const code = await exit;

    expect(readyz).toBe(503);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(answers.every((a) => !a.body.includes('"errors"'))).toBe(true);
    expect(code).toBe(0);
    expect(existsSync(lockPath(dataDir))).toBe(false);

    // Request logs at info: request id, operation, principal kind, purpose, status, ms …
    const lines = output.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === "request" && l.route === "graphql");
    expect(requests.length).toBeGreaterThanOrEqual(42);
    expect(requests.find((l) => l.operation === "Load")).toMatchObject({ principal: "USER", purpose: "SERVICE", status: 200 });
    expect(requests.every((l) => typeof l.requestId === "string" && typeof l.ms === "number")).toBe(true);
    expect(lines.some((l) => l.msg === "stopped")).toBe(true);
    // Every answered read was audited before the process exited.
    const database = await openDatabase({ dataDir });
    try {
      const [row] = await database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.operation, "Load"));
      expect(row!.n).toBe(41);
    } finally {
      await database.close();
    }
    // … and never a personal value the server handed out, nor the password.
    const leaked = [...personal, "a-long-password-1", login.data.login.token].filter((value) => output.includes(value));
    expect(leaked).toEqual([]);
    // The spans flushed at shutdown carry the operation and root fields, never a value either.
    const traces = exported.join("\n");
    expect(traces).toContain('"Query.customers"');
    expect([...personal, "a-long-password-1", login.data.login.token].filter((value) => traces.includes(value))).toEqual([]);
  }, 120_000);
});
