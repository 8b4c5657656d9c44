import type { LatencySummary } from "./stats.js";

export interface TargetResult {
  requests: number;
  errors: number;
  firstError?: string;
  elapsedS: number;
  /** Completed requests per second over the measured run. */
  throughput: number;
  latencyMs: LatencySummary;
  /** Statements sent to PostgreSQL per request, BEGIN/COMMIT included. */
  sqlPerRequest: number;
  /** Of which the read audit rows' appends (group commits); API only. */
  auditSqlPerRequest?: number;
  /** Of which the audit sealer's batches (measure.ts StatementCounter); API only. */
  sealerSqlPerRequest?: number;
  /** Peak resident set size of the whole process during the measured run. */
  peakRssMb: number;
  meanResponseKb: number;
  /**
   * CPU time of this whole process (server, baseline and load client) per completed request:
   * less sensitive to other processes on a shared machine than throughput, which also counts
   * the time this process waited for a core. Absent for runs measured before it existed.
   */
  cpuMsPerRequest?: number;
  /** CPU time of all PostgreSQL processes per completed request (measure.ts postgresCpu); absent where the server is not this machine's. */
  pgCpuMsPerRequest?: number;
}

export interface Ratios {
  throughput: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  sqlPerRequest: number | null;
  peakRss: number | null;
  cpuMsPerRequest: number | null;
  pgCpuMsPerRequest: number | null;
}

export interface WorkloadReport {
  key: string;
  title: string;
  notes: string[];
  /** "identical" when the API and the baseline answered the same `data` for the same request, else where they differ. */
  sameData: string;
  api: TargetResult;
  /** The multi-statement raw-SQL baseline (raw.ts). */
  raw: TargetResult;
  /** The one-statement bound (raw-one.ts): the whole answer built as JSON in one SQL statement (W1–W3). */
  one?: TargetResult;
  /** Which of the two bounds the ratio is taken against: the one with the higher throughput. */
  bound: "raw" | "one";
  /** API / bound for every metric (throughput below 1 and latency above 1 mean the API is slower). */
  ratio: Ratios;
}

export interface AuditCostReport {
  /** appendAudit of one read row, as W1 writes it, one at a time. */
  sequential: { appends: number; latencyMs: LatencySummary };
  /** The same with `concurrency` appenders at once (they serialise on the chain lock). */
  concurrent: { appends: number; concurrency: number; throughput: number; latencyMs: LatencySummary };
  /** W1 through the API, for comparison. */
  w1ApiP50Ms: number | null;
  /** Sequential append p50 / W1 API p50. */
  shareOfW1P50: number | null;
  /** Concurrent append p50 / W1 API p50 (same concurrency as W1). */
  concurrentShareOfW1P50: number | null;
  fieldsPerRow: number;
}

export interface BenchReport {
  startedAt: string;
  durationS: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string; node: string; nodeEnv: string; loadAverage: number };
  database: { server: string; customers: number; interactions: number; auditEvents: number; sizeMb: number };
  options: { workloads: string[]; requests: number; warmup: number; concurrency: number; durationS: number; depths: number[] };
  workloads: WorkloadReport[];
  audit?: AuditCostReport;
  /** W4 import: `tessera import interactions` beside a bare COPY of the same file. */
  import?: ImportBenchReport;
  unavailable: { key: string; reason: string }[];
  notes: string[];
}

import type { ImportBenchReport } from "./import.js";

const num = (value: number | null | undefined, digits = 1) => (value == null || !Number.isFinite(value) ? "–" : value.toFixed(digits));
const times = (value: number | null) => (value == null ? "–" : `${value.toFixed(2)}×`);

const COLUMNS = [
  ["target", 8],
  ["req/s", 9],
  ["p50 ms", 9],
  ["p95 ms", 9],
  ["p99 ms", 9],
  ["SQL/req", 8],
  ["peak RSS MB", 12],
  ["resp KB", 8],
  ["CPU ms/req", 11],
  ["PG ms/req", 10],
  ["errors", 7],
] as const;

function row(cells: string[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(COLUMNS[i]![1]) : cell.padStart(COLUMNS[i]![1]))).join(" ");
}

function targetRow(name: string, t: TargetResult): string {
  return row([name, num(t.throughput), num(t.latencyMs.p50, 2), num(t.latencyMs.p95, 2), num(t.latencyMs.p99, 2), num(t.sqlPerRequest), num(t.peakRssMb, 0), num(t.meanResponseKb), num(t.cpuMsPerRequest, 2), num(t.pgCpuMsPerRequest, 2), String(t.errors)]);
}

/** The human-readable report: one block per workload (API, raw, API/raw), then the audit cost and the notes. */
export function renderReport(report: BenchReport): string {
  const lines: string[] = [];
  const { machine: m, database: d, options: o } = report;
  lines.push(
    `Tessera bench — ${report.startedAt}, ${report.durationS.toFixed(0)} s`,
    `  machine:  ${m.cpus} × ${m.cpuModel}, ${m.memoryGb.toFixed(0)} GB, ${m.platform}, Node ${m.node}, NODE_ENV=${m.nodeEnv}, load average ${m.loadAverage.toFixed(1)} at start`,
    `  database: ${d.server}; ${d.customers.toLocaleString("en-US")} customers, ${d.interactions.toLocaleString("en-US")} interactions, ${d.auditEvents.toLocaleString("en-US")} audit events, ${d.sizeMb.toLocaleString("en-US")} MB`,
    `  load:     concurrency ${o.concurrency}, warm-up ${o.warmup}, then up to ${o.requests} requests or ${o.durationS} s per target; client in a worker thread, loopback HTTP`,
    "",
    row(COLUMNS.map(([name]) => name)),
  );
  for (const w of report.workloads) {
    lines.push("", `${w.key}  ${w.title}`);
    lines.push(targetRow("API", w.api), targetRow("raw", w.raw));
    if (w.one) lines.push(targetRow("one-SQL", w.one));
    const r = w.ratio;
    lines.push(row([`API/${w.bound === "one" ? "one" : "raw"}`, times(r.throughput), times(r.p50), times(r.p95), times(r.p99), times(r.sqlPerRequest), times(r.peakRss), "", times(r.cpuMsPerRequest), times(r.pgCpuMsPerRequest), ""]));
    if (w.api.auditSqlPerRequest || w.api.sealerSqlPerRequest) {
      lines.push(`  of the API's SQL/req, ${num(w.api.auditSqlPerRequest ?? 0)} append audit rows and ${num(w.api.sealerSqlPerRequest ?? 0)} are the audit sealer's batches`);
    }
    for (const note of w.notes) lines.push(`  ${note}`);
    if (w.sameData !== "identical") lines.push(`  ! API and bound data differ: ${w.sameData}`);
    for (const [name, t] of [["API", w.api], ["raw", w.raw], ["one-SQL", w.one]] as const) if (t?.firstError) lines.push(`  ! ${name} errors (${t.errors}), first: ${t.firstError}`);
  }
  if (report.audit) {
    const a = report.audit;
    lines.push(
      "",
      "Audit cost (appendAudit of one read row as W1 writes it, measured directly):",
      `  one at a time:   p50 ${num(a.sequential.latencyMs.p50, 2)} ms, p95 ${num(a.sequential.latencyMs.p95, 2)} ms (${a.sequential.appends} appends, ${a.fieldsPerRow} fields per row)`,
      `  ${String(a.concurrent.concurrency).padStart(2)} at once:      p50 ${num(a.concurrent.latencyMs.p50, 2)} ms, p95 ${num(a.concurrent.latencyMs.p95, 2)} ms, ${num(a.concurrent.throughput, 0)} appends/s (no lock: each append is one insert and its own commit; the sealer chains them later)`,
      `  W1 API p50 ${num(a.w1ApiP50Ms, 2)} ms: the append alone is ${a.shareOfW1P50 == null ? "–" : `${(a.shareOfW1P50 * 100).toFixed(0)} %`} of it uncontended, ${a.concurrentShareOfW1P50 == null ? "–" : `${(a.concurrentShareOfW1P50 * 100).toFixed(0)} %`} at the same concurrency`,
    );
  }
  if (report.import) {
    const i = report.import;
    const rate = (x: number) => Math.round(x).toLocaleString("en-US");
    lines.push(
      "",
      `W4 import  tessera import interactions, ${i.rows.toLocaleString("en-US")}-row CSV (${i.fileMb.toFixed(1)} MB), batches of ${i.batchSize.toLocaleString("en-US")}`,
      `  import:    ${rate(i.import.rowsPerSecond)} rows/s (${i.import.seconds.toFixed(1)} s; ${i.import.inserted.toLocaleString("en-US")} inserted, ${i.import.rejected} rejected; peak RSS ${i.import.peakRssMb.toFixed(0)} MB)`,
      `  bare COPY: ${rate(i.copy.rowsPerSecond)} rows/s (${i.copy.seconds.toFixed(1)} s) into an unindexed copy of interactions`,
      `  set-based bound: ${rate(i.bound.rowsPerSecond)} rows/s (${i.bound.seconds.toFixed(1)} s): that COPY plus one INSERT … SELECT of all rows into the indexed interactions table`,
      `  import/COPY ${(i.ratio * 100).toFixed(0)} %   import/bound ${(i.boundRatio * 100).toFixed(0)} %   bound/COPY ${((i.bound.rowsPerSecond / i.copy.rowsPerSecond) * 100).toFixed(0)} %`,
    );
  }
  if (report.unavailable.length) {
    lines.push("", "Not measured:");
    for (const u of report.unavailable) lines.push(`  ${u.key}: ${u.reason}`);
  }
  if (report.notes.length) {
    lines.push("", "Notes:");
    for (const note of report.notes) lines.push(`  - ${note}`);
  }
  return `${lines.join("\n")}\n`;
}
