import { readdirSync, readFileSync } from "node:fs";
/** What the harness records about a run: SQL statements, resident memory, latencies, ratios. */
import v8 from "node:v8";
import vm from "node:vm";
import type { TargetResult, WorkloadReport } from "./report.js";
import { ratio, summarise } from "./stats.js";

/**
 * Counts the statements a postgres.js client sends, and which of them keep the audit trail:
 * `audit` the appends (one per group commit of read rows), `sealer` the sealer's batches (its
 * lock, the pending events, the chain head, the seals, the dequeue, and the batch's BEGIN and
 * COMMIT, counted with its lock because their text names no table).
 */
export class StatementCounter {
  total = 0;
  audit = 0;
  sealer = 0;
  readonly onStatement = (sql: string) => {
    // The head names most statements; bulk inserts run to 100 KB, and this runs inside the measured server.
    const head = sql.slice(0, 120);
    // postgres.js looks up array types once per new connection: driver housekeeping, not the application's SQL.
    if (head.includes("pg_catalog.pg_type")) return;
    this.total++;
    if (head.includes('insert into "audit_events"')) this.audit++;
    else if (head.includes("advisory_xact_lock")) this.sealer += 3;
    // The sealer's read of pending events names its tables after a long column list; its statements are short.
    else if (head.includes('"audit_seals"') || (sql.length < 4096 && sql.includes('"audit_pending"'))) this.sealer++;
  };
  reset() {
    this.total = 0;
    this.audit = 0;
    this.sealer = 0;
  }
}

/** Resident memory is sampled while a run is measured; its peak is reported. */
export class RssSampler {
  private peak = 0;
  private timer?: NodeJS.Timeout;
  start() {
    this.peak = process.memoryUsage.rss();
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage.rss())), 50);
  }
  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, process.memoryUsage.rss()) / 1_048_576;
  }
}

/** A full GC between runs, so one run's garbage does not count towards the next one's RSS. */
export function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return () => {};
  }
}

/** Where two JSON values first differ, or undefined when they are equal (object key order aside). */
export function firstDifference(a: unknown, b: unknown, path = "data"): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return `${path}: API ${JSON.stringify(a)?.slice(0, 80)} vs raw ${JSON.stringify(b)?.slice(0, 80)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return `${path}: ${a.length} vs ${other.length} items`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], other[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const d = firstDifference(x[key], y[key], `${path}.${key}`);
    if (d) return d;
  }
  return undefined;
}

/** Runs operations one after another (bounded by count and time), measured like the load runs. */
export async function measureSequential(ops: (() => Promise<number>)[], counter: StatementCounter, gc: () => void, durationS: number, localPostgres = false): Promise<TargetResult> {
  gc();
  counter.reset();
  const rss = new RssSampler();
  rss.start();
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const pgCpu = postgresCpu();
  for (const op of ops) {
    if (performance.now() - started > durationS * 1000) break;
    const t = performance.now();
    try {
      bytes += await op();
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message;
    }
    latencies.push(performance.now() - t);
  }
  const elapsedS = (performance.now() - started) / 1000;
  const cpuMs = cpuMsSince(cpu);
  const peakRssMb = rss.stop();
  const n = Math.max(1, latencies.length);
  return {
    requests: latencies.length,
    errors,
    firstError,
    elapsedS,
    throughput: latencies.length / elapsedS,
    latencyMs: summarise(Float64Array.from(latencies)),
    sqlPerRequest: counter.total / n,
    auditSqlPerRequest: counter.audit / n || undefined,
    sealerSqlPerRequest: counter.sealer / n || undefined,
    peakRssMb,
    meanResponseKb: bytes / n / 1024,
    cpuMsPerRequest: cpuMs / n,
    pgCpuMsPerRequest: postgresCpuPerRequest(pgCpu, latencies.length, localPostgres),
  };
}

/**
 * CPU ticks (user + system) of each PostgreSQL process of this machine, by pid, from /proc;
 * undefined where that cannot be read (not Linux, or the server is elsewhere). The API's cost is
 * in PostgreSQL as much as in Node: a statement that reads too much shows here and nowhere else.
 */
export function postgresCpu(): Map<string, number> | undefined {
  let dir: string[];
  try {
    dir = readdirSync("/proc");
  } catch {
    return undefined;
  }
  const ticks = new Map<string, number>();
  for (const pid of dir) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // "pid (comm) state …": utime and stime are the 14th and 15th fields, counted past the comm.
      const close = stat.lastIndexOf(")");
      if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
      const fields = stat.slice(close + 2).split(" ");
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process ended while being read
    }
  }
  return ticks.size ? ticks : undefined;
}

// USER_HZ: 100 on every Linux the bench runs on (sysconf(_SC_CLK_TCK) is not reachable from Node).
const CLOCK_TICKS = 100;

/**
 * PostgreSQL CPU ms used since `start` (a `postgresCpu()`): per process that is still there, its
 * growth (all of it for a process started since). A process that ended in between takes its CPU
 * with it, so a sum over processes would go down: this never does, it can only undercount.
 */
export function postgresCpuMsSince(start: Map<string, number> | undefined): number | undefined {
  const end = postgresCpu();
  if (!start || !end) return undefined;
  let ticks = 0;
  for (const [pid, now] of end) ticks += now - (start.get(pid) ?? 0);
  return (ticks * 1000) / CLOCK_TICKS;
}

/** PostgreSQL CPU ms per request since `start`, when both readings exist and the server is this machine's. */
export function postgresCpuPerRequest(start: Map<string, number> | undefined, requests: number, local: boolean): number | undefined {
  const used = postgresCpuMsSince(start);
  return local && used !== undefined ? used / Math.max(1, requests) : undefined;
}

/** CPU milliseconds (user + system) this process used since `start` (a `process.cpuUsage()`). */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/**
 * A workload's results with the API/bound ratio of every metric. The bound is the better (higher
 * throughput) of the multi-statement baseline and, where the workload has one, the one-statement bound.
 */
export function workloadReport(key: string, title: string, notes: string[], sameData: string, apiResult: TargetResult, rawResult: TargetResult, oneResult?: TargetResult): WorkloadReport {
  const bound = oneResult && oneResult.throughput > rawResult.throughput ? "one" : "raw";
  const b = bound === "one" ? oneResult! : rawResult;
  return {
    key,
    title,
    notes,
    sameData,
    api: apiResult,
    raw: rawResult,
    ...(oneResult ? { one: oneResult } : {}),
    bound,
    ratio: {
      throughput: ratio(apiResult.throughput, b.throughput),
      p50: ratio(apiResult.latencyMs.p50, b.latencyMs.p50),
      p95: ratio(apiResult.latencyMs.p95, b.latencyMs.p95),
      p99: ratio(apiResult.latencyMs.p99, b.latencyMs.p99),
      sqlPerRequest: ratio(apiResult.sqlPerRequest, b.sqlPerRequest),
      peakRss: ratio(apiResult.peakRssMb, b.peakRssMb),
      cpuMsPerRequest: ratio(apiResult.cpuMsPerRequest, b.cpuMsPerRequest),
      pgCpuMsPerRequest: ratio(apiResult.pgCpuMsPerRequest, b.pgCpuMsPerRequest),
    },
  };
}
