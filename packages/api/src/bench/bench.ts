/**
 * `tessera bench` (SPEC §7): workloads over a seeded PostgreSQL database, each run through the
 * real server (node:http + Apollo + privacy + audit, in this process, over loopback HTTP) and
 * through the raw-SQL lower bound (raw.ts) in the same invocation, with the ratio between them.
 */
import { EXACT_COUNT_UP_TO } from "../modules/customer/customer.count.js";
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { openDatabase, type Database } from "../db/client.js";
import { cursorCodec } from "../graphql/cursor.js";
import { migrationStatus } from "../db/migrate.js";
import { createApollo } from "../graphql/apollo.js";
import { tesseraSchema } from "../graphql/schema.js";
import type { Principal } from "../privacy/principal.js";
import { TokenService } from "../privacy/tokens.js";
import { ensureSessionUser } from "../modules/user/user.queries.js";
import { createHttpServer } from "../server/server.js";
import { measureAudit } from "./audit-cost.js";
import { masterKey } from "../audit/keys.js";
import { startAuditSealer, type AuditSealer } from "../audit/seal.js";
import { measureImport } from "./import.js";
import { DSR_INTERACTIONS, DSR_OPERATIONS, runDsr, type Gql, type RawCall } from "./dsr.js";
import { LoadClient, type LoadJob } from "./load.js";
import { collector, cpuMsSince, firstDifference, postgresCpu, postgresCpuPerRequest, RssSampler, StatementCounter, workloadReport } from "./measure.js";
import { benchPartner } from "./partner.js";
import { createRawServer, openRawSql, type RawSql } from "./raw.js";
import type { BenchReport, TargetResult } from "./report.js";
import { summarise } from "./stats.js";
import { DEFAULT_DEPTHS, WORKLOAD_IDS, WorkloadFactory, type Workload, type WorkloadId } from "./workloads.js";

export { firstDifference } from "./measure.js";

/**
 * A customers page's totalCount above the exact-count cap is the planner's estimate for each
 * side's own WHERE (customer.count.ts): it is replaced by "estimate" before the answers are
 * compared, and returned for the report. Exact counts are compared as they are.
 */
function setAsideEstimate(data: unknown): number | undefined {
  const page = (data as { customers?: { totalCount?: unknown } } | undefined)?.customers;
  if (!page || typeof page.totalCount !== "number" || page.totalCount <= EXACT_COUNT_UP_TO) return undefined;
  const estimate = page.totalCount;
  page.totalCount = "estimate";
  return estimate;
}

export interface BenchOptions {
  /** postgres:// URL of a seeded database. */
  url: string;
  workloads?: readonly WorkloadId[];
  /** Measured requests per workload and target (writing workloads cap it lower). */
  requests?: number;
  warmup?: number;
  concurrency?: number;
  /** Time cap of each measured run, seconds. */
  durationS?: number;
  /** W3 page depths (rows skipped). */
  depths?: number[];
  /** Interactions of each W5 clone (default 10,000). */
  dsrInteractions?: number;
  /** Whether the CLI has an `import` command (W4's bulk path). */
  importCommand?: boolean;
  /** Rows of W4's import file (0: skip the import); default 100,000. */
  importRows?: number;
  /** Progress lines (the CLI prints them on stderr). */
  onProgress?: (line: string) => void;
}

/** An expected failure (no database, not seeded), with a message fit for the operator. */
export class BenchError extends Error {}

/** Connection pool of both the API and the baseline: the same, so neither gets more database parallelism. */
const POOL_SIZE = 10;

interface Endpoint {
  port: number;
  path: string;
  headers: Record<string, string>;
  body: (variables: Record<string, unknown>) => string;
  counter: StatementCounter;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server) {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Checks that the database is reachable, migrated and seeded; answers its facts. */
async function inspectDatabase(raw: RawSql, database: Database): Promise<BenchReport["database"]> {
  try {
    await raw`select 1`;
  } catch (error) {
    throw new BenchError(`cannot reach the database at DATABASE_URL: ${(error as Error).message}`);
  }
  const { applied, expected } = await migrationStatus(database).catch(() => ({ applied: 0, expected: 1 }));
  if (applied < expected) throw new BenchError("the database is not migrated: run `tessera migrate`, then `tessera seed --customers 100000`");
  const [facts] = await raw`select
      (select count(*)::int from customers) as customers,
      (select count(*)::int from interactions) as interactions,
      (select count(*)::int from audit_events) as audit_events,
      (pg_database_size(current_database()) / 1048576)::int as size_mb,
      current_setting('server_version') as server`;
  if (!facts!.customers) {
    throw new BenchError("the database has no customers: seed it first, e.g. `DATABASE_URL=… tessera seed --customers 100000` (about 2M interactions)");
  }
  return {
    server: `PostgreSQL ${facts!.server}`,
    customers: facts!.customers,
    interactions: facts!.interactions,
    auditEvents: facts!.audit_events,
    sizeMb: facts!.size_mb,
  };
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const opts = {
    workloads: options.workloads ?? WORKLOAD_IDS,
    requests: options.requests ?? 500,
    warmup: options.warmup ?? 50,
    concurrency: options.concurrency ?? 8,
    durationS: options.durationS ?? 20,
    depths: options.depths ?? DEFAULT_DEPTHS,
  };
  const progress = options.onProgress ?? (() => {});
  const gc = collector();
  const counters = { api: new StatementCounter(), raw: new StatementCounter() };

  const raw = openRawSql(options.url, POOL_SIZE, counters.raw.onStatement);
  const database = await openDatabase({ url: options.url, maxConnections: POOL_SIZE });
  // Counted on the wire (postgres.js debug hook) so BEGIN/COMMIT count too, as they do for the baseline.
  database.raw.postgres!.options.debug = (_connection, sql) => counters.api.onStatement(sql);
  // PostgreSQL's CPU is read from /proc, so only when the server is this machine's.
  const localPostgres = ["127.0.0.1", "localhost", "[::1]", ""].includes(new URL(options.url).hostname);
  const servers: Server[] = [];
  const client = new LoadClient();
  let apollo: Awaited<ReturnType<typeof createApollo>> | undefined;
  let sealer: AuditSealer | undefined;
  // Erasure (W5) hashes audited values under the customer's data key, and the sealer chains under the chain key: both need the master key.
  const keyProblem = (() => {
    try {
      masterKey();
      return undefined;
    } catch (error) {
      return (error as Error).message.replace(/^Invalid configuration:\s*-?\s*/, "");
    }
  })();
  try {
    const facts = await inspectDatabase(raw, database);
    progress(`Database: ${facts.customers.toLocaleString("en-US")} customers, ${facts.interactions.toLocaleString("en-US")} interactions (${facts.server})`);
    // Without planner statistics (a fresh seed with autovacuum off or not yet run) the plans, and the numbers, are not the production ones.
    const unanalysed = (
      await raw`select schemaname || '.' || relname as name from pg_stat_user_tables where last_analyze is null and last_autoanalyze is null and n_live_tup > 0`
    ).map((r) => r.name as string);
    if (unanalysed.length) {
      progress(`ANALYZE ${unanalysed.join(", ")} (no planner statistics yet)…`);
      for (const table of unanalysed) await raw`analyze ${raw(table)}`;
    }

    apollo = await createApollo();
    const tokens = await TokenService.create(database.db, randomBytes(32).toString("base64url"));
    // No per-client rate limit: the bench measures capacity, and one session sends thousands of requests a minute.
    const apiServer = createHttpServer(apollo, database, tokens, { rateLimiter: null });
    // The API side chains its audit trail as `tessera serve` does: sealing is part of what every
    // audited read costs (its statements count as the API's). The chain key needs the master key.
    if (!keyProblem) sealer = startAuditSealer(database.db);
    const cursors = await cursorCodec(database.db);
    const rawServer = createRawServer(raw, cursors);
    servers.push(apiServer, rawServer);
    const [apiPort, rawPort] = await Promise.all([listen(apiServer), listen(rawServer)]);
    // Sessions are checked against the users table per request: the benchmark's is a real user's.
    const benchUser = await ensureSessionUser(database.db, "bench", "STEWARD");
    const principal: Principal = { kind: "USER", id: benchUser.id, name: benchUser.username, role: "STEWARD", clearance: benchUser.clearance };
    const { token } = await tokens.issue({ userId: principal.id, username: principal.name, role: "STEWARD", sessionVersion: benchUser.sessionVersion });

    const api = (query: string, as?: Workload["asPartner"]): Endpoint => ({
      port: apiPort,
      path: "/graphql",
      headers: { "content-type": "application/json", authorization: `Bearer ${as?.key ?? token}`, "x-purpose": as?.purpose ?? "SERVICE" },
      body: (variables) => JSON.stringify({ query, variables }),
      counter: counters.api,
    });
    const baseline = (route: string): Endpoint => ({
      port: rawPort,
      path: `/${route}`,
      headers: { "content-type": "application/json" },
      body: (variables) => JSON.stringify(variables),
      counter: counters.raw,
    });

    let seq = 0;
    const send = async (endpoint: Endpoint, w: Workload) => {
      let body = endpoint.body(w.variables[0]!);
      if (w.seqToken) body = body.replaceAll(w.seqToken, String(seq++));
      const res = await fetch(`http://127.0.0.1:${endpoint.port}${endpoint.path}`, { method: "POST", headers: endpoint.headers, body });
      return (await res.json()) as { data?: unknown; errors?: { message: string }[] };
    };

    const measure = async (endpoint: Endpoint, w: Workload): Promise<TargetResult> => {
      const requests = Math.min(opts.requests, w.maxRequests ?? Infinity);
      const warmup = Math.min(opts.warmup, w.maxWarmup ?? Infinity);
      const job: LoadJob = {
        port: endpoint.port,
        path: endpoint.path,
        headers: endpoint.headers,
        bodies: w.variables.map(endpoint.body),
        seqToken: w.seqToken,
        seqStart: seq,
        requests: warmup,
        durationMs: (opts.durationS * 1000) / 4,
        concurrency: opts.concurrency,
      };
      const warm = await client.run(job);
      seq += warm.completed;
      gc();
      endpoint.counter.reset();
      const rss = new RssSampler();
      rss.start();
      const cpu = process.cpuUsage();
      const pgCpu = postgresCpu();
      const run = await client.run({ ...job, seqStart: seq, requests, durationMs: opts.durationS * 1000 });
      const cpuMs = cpuMsSince(cpu);
      const pgCpuMsPerRequest = postgresCpuPerRequest(pgCpu, run.completed, localPostgres);
      const peakRssMb = rss.stop();
      seq += run.completed;
      const n = Math.max(1, run.completed);
      return {
        requests: run.completed,
        errors: run.errors,
        firstError: run.firstError,
        elapsedS: run.elapsedMs / 1000,
        throughput: run.completed / (run.elapsedMs / 1000),
        latencyMs: summarise(run.latencies),
        sqlPerRequest: endpoint.counter.total / n,
        auditSqlPerRequest: endpoint.counter === counters.api ? endpoint.counter.audit / n : undefined,
        sealerSqlPerRequest: endpoint.counter === counters.api ? endpoint.counter.sealer / n : undefined,
        peakRssMb,
        meanResponseKb: run.bytes / n / 1024,
        cpuMsPerRequest: cpuMs / n,
        pgCpuMsPerRequest,
      };
    };

    const report: BenchReport = {
      startedAt: new Date().toISOString(),
      durationS: 0,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        memoryGb: os.totalmem() / 1024 ** 3,
        platform: `${os.platform()} ${os.release()}`,
        node: process.versions.node,
        nodeEnv: process.env.NODE_ENV ?? "(unset)",
        loadAverage: os.loadavg()[0]!,
      },
      database: facts,
      options: { ...opts, workloads: [...opts.workloads] },
      workloads: [],
      unavailable: [],
      notes: [
        ...(unanalysed.length ? [`the bench ran ANALYZE first on ${unanalysed.join(", ")}: they had no planner statistics`] : []),
        "raw = hand-written prepared SQL through postgres.js behind a bare node:http handler answering the same JSON: no authentication, no masking or visibility policy, no audit, no GraphQL",
        "one-SQL = for W1–W3, one hand-written statement per request that builds the whole JSON answer in PostgreSQL (json_build_object, json_agg), written out unparsed: the physical limit here; ratios are API / the better (higher throughput) of raw and one-SQL",
        "API = the real server (createHttpServer + Apollo + type-graphql + privacy plugin, no rate limit) in this process, as a STEWARD session under purpose SERVICE (full record, nothing masked), W1P as a partner API key under MARKETING (consent visibility in the SQL, masking by its allowlist); every read writes its audit row",
        keyProblem
          ? `the API's audit sealer did not run (no master key: ${keyProblem}); its cost is missing from the API side`
          : "the API side runs the audit sealer as tessera serve does: the trail is chained in batches beside the load",
        localPostgres
          ? "PG ms/req = CPU of all PostgreSQL processes on this machine per request (from /proc): what the API costs in the database, background work (the sealer, checkpoints) included"
          : "PG ms/req is not measured: PostgreSQL is not on this machine",
        "SQL/req = statements sent to PostgreSQL (postgres.js debug hook), BEGIN/COMMIT included; both sides use a pool of 10 connections",
        "peak RSS is the whole process (server, baseline, load-client worker); the baseline runs first, and a full GC precedes each measured run",
        "the client runs in a worker thread of the same process and shares the machine's cores with the server and PostgreSQL",
      ],
    };

    const factory = new WorkloadFactory(raw, 200, await cursorCodec(database.db));
    const workloads: (() => Promise<Workload[]>)[] = [];
    const wanted = new Set(opts.workloads);
    if (wanted.has("W1")) workloads.push(async () => [await factory.customer360()]);
    if (wanted.has("W1P")) workloads.push(async () => [await factory.customer360AsPartner(...(await benchPartner(database, factory.runId)))]);
    if (wanted.has("W2")) workloads.push(async () => [await factory.customerListWithActivity()]);
    if (wanted.has("W3")) workloads.push(() => factory.consoleList(opts.depths));
    if (wanted.has("W4")) workloads.push(async () => [await factory.ingest()]);

    for (const build of workloads) {
      for (const w of await build()) {
        if (!w.variables.length) {
          report.unavailable.push({ key: w.key, reason: "no sample: the seed has no customer this principal sees" });
          continue;
        }
        progress(`${w.key} ${w.title}: checking that the API and the baseline answer the same data`);
        const [fromApi, fromRaw] = [await send(api(w.query, w.asPartner), w), await send(baseline(w.raw), w)];
        if (fromApi.errors?.length || fromRaw.errors?.length) {
          const reason = `the ${fromApi.errors?.length ? "API" : "baseline"} answered an error: ${(fromApi.errors ?? fromRaw.errors)![0]!.message}`;
          report.unavailable.push({ key: w.key, reason });
          progress(`${w.key}: skipped, ${reason}`);
          await w.cleanup?.();
          continue;
        }
        const fromOne = w.one ? await send(baseline(w.one), w) : undefined;
        const estimates = [fromApi, fromRaw, fromOne].map((r) => r && setAsideEstimate(r.data));
        const estimated = estimates.flatMap((e, i) => (e === undefined ? [] : [`${["API", "raw", "one-SQL"][i]} ${e.toLocaleString("en-US")}`]));
        if (estimated.length) w.notes.push(`totalCount above ${EXACT_COUNT_UP_TO.toLocaleString("en-US")} is the planner's estimate of each side's own WHERE: ${estimated.join(", ")} (compared as "an estimate")`);
        const sameData =
          firstDifference(fromApi.data, fromRaw.data) ??
          (fromOne && (fromOne.errors?.length ? `one-SQL: ${fromOne.errors[0]!.message}` : firstDifference(fromApi.data, fromOne.data)?.replace(" vs raw ", " vs one-SQL "))) ??
          "identical";
        progress(`${w.key}: raw baseline…`);
        const rawResult = await measure(baseline(w.raw), w);
        progress(`${w.key}: raw ${rawResult.throughput.toFixed(1)} req/s, p50 ${rawResult.latencyMs.p50.toFixed(2)} ms`);
        const oneResult = w.one ? await measure(baseline(w.one), w) : undefined;
        if (oneResult) progress(`${w.key}: one-SQL ${oneResult.throughput.toFixed(1)} req/s, p50 ${oneResult.latencyMs.p50.toFixed(2)} ms`);
        const apiResult = await measure(api(w.query, w.asPartner), w);
        progress(`${w.key}: API ${apiResult.throughput.toFixed(1)} req/s, p50 ${apiResult.latencyMs.p50.toFixed(2)} ms`);
        await w.cleanup?.();
        const entry = workloadReport(w.key, w.title, w.notes, sameData, apiResult, rawResult, oneResult);
        report.workloads.push(entry);
        if (w.key === "W1") {
          progress("Audit: measuring appendAudit on its own");
          report.audit = await measureAudit(database, raw, principal, opts.concurrency, apiResult.latencyMs.p50);
        }
      }
    }

    if (wanted.has("W4") && !options.importCommand) {
      report.unavailable.push({ key: "W4 import", reason: "the CLI has no `tessera import` command yet, so its bulk path (COPY) could not be measured" });
    } else if (wanted.has("W4") && (options.importRows ?? 100_000) > 0) {
      gc();
      try {
        report.import = await measureImport(database, raw, { rows: options.importRows ?? 100_000, progress });
      } catch (error) {
        report.unavailable.push({ key: "W4 import", reason: `the import failed: ${(error as Error).message}` });
      }
    }
    if (wanted.has("W5")) {
      const schema = await tesseraSchema();
      const fields = { ...schema.getMutationType()?.getFields(), ...schema.getQueryType()?.getFields() };
      const missing = DSR_OPERATIONS.filter((name) => !fields[name]);
      if (missing.length) {
        report.unavailable.push({ key: "W5", reason: `DSR export and erasure: ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not in the API yet` });
      } else if (keyProblem) {
        report.unavailable.push({ key: "W5", reason: `DSR erasure needs the master key: ${keyProblem}` });
      } else {
        const post = (path: string, headers: Record<string, string>, port: number, operation: string) => async (body: string) => {
          const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", headers, body });
          const text = await res.text();
          const parsed = JSON.parse(text) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
          const error = parsed.errors?.[0];
          if (error || !parsed.data) throw new Error(`${operation}: ${error ? `${error.extensions?.code ?? "ERROR"} ${error.message}` : `HTTP ${res.status}`}`);
          return { data: parsed.data, bytes: text.length };
        };
        const apiHeaders = api("").headers;
        const gql: Gql = (query, variables) =>
          post("/graphql", apiHeaders, apiPort, /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "GraphQL")(JSON.stringify({ query, variables }));
        const rawCall: RawCall = (route, body) => post(`/${route}`, { "content-type": "application/json" }, rawPort, route)(JSON.stringify(body));
        try {
          const interactions = options.dsrInteractions ?? DSR_INTERACTIONS;
          report.workloads.push(...(await runDsr({ raw, gql, rawCall, factory, opts, counters, gc, progress, interactions, localPostgres })));
        } catch (error) {
          report.unavailable.push({ key: "W5", reason: `DSR export and erasure failed: ${(error as Error).message}` });
        }
      }
    }

    report.durationS = (performance.now() - started) / 1000;
    return report;
  } finally {
    await Promise.all(servers.map(close));
    await sealer?.stop();
    await apollo?.stop();
    await client.close();
    await Promise.all([raw.end({ timeout: 5 }), database.close()]);
  }
}
