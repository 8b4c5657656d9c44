import { randomUUID } from "node:crypto";
import { appendAudit, type AuditActor } from "../audit/audit.writer.js";
import type { Database } from "../db/client.js";
import type { Principal } from "../privacy/principal.js";
import type { RawSql } from "./raw.js";
import type { AuditCostReport } from "./report.js";
import { ratio, summarise } from "./stats.js";

const AUDIT_PROBE_APPENDS = 200;

/**
 * The cost of writing the read audit, separated from the read: appendAudit of the row W1 writes
 * (same customers and fields), once one at a time and once with as many appenders as W1 had
 * concurrent requests — every append takes the chain's advisory lock, so they queue.
 */
export async function measureAudit(database: Database, raw: RawSql, principal: Principal, concurrency: number, w1P50: number): Promise<AuditCostReport> {
  const [last] = await raw`select customer_ids, fields from audit_events where principal = 'user:bench' and operation = 'BenchCustomer360' order by seq desc limit 1`;
  const entry = { action: "READ" as const, operation: "BenchAuditProbe", customerIds: (last?.customer_ids as string[]) ?? [], fields: (last?.fields as string[]) ?? [] };
  const actor: AuditActor = { requestId: randomUUID(), principal, purpose: "SERVICE" };
  const timeOne = async () => {
    const t = performance.now();
    await appendAudit(database.db, actor, [entry]);
    return performance.now() - t;
  };
  const sequential: number[] = [];
  for (let i = 0; i < AUDIT_PROBE_APPENDS; i++) sequential.push(await timeOne());
  const concurrent: number[] = [];
  let left = AUDIT_PROBE_APPENDS;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) concurrent.push(await timeOne());
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const seq = summarise(Float64Array.from(sequential));
  const conc = summarise(Float64Array.from(concurrent));
  return {
    sequential: { appends: sequential.length, latencyMs: seq },
    concurrent: { appends: concurrent.length, concurrency, throughput: concurrent.length / elapsed, latencyMs: conc },
    w1ApiP50Ms: w1P50,
    shareOfW1P50: ratio(seq.p50, w1P50),
    concurrentShareOfW1P50: ratio(conc.p50, w1P50),
    fieldsPerRow: entry.fields.length,
  };
}
