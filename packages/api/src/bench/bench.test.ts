import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../seed/seed.js";
import { createTestDatabase, type TestDatabase } from "../test/database.js";
import { BenchError, firstDifference, runBench } from "./bench.js";
import { renderReport } from "./report.js";
import { postgresCpu, postgresCpuMsSince, StatementCounter } from "./measure.js";
import { SYSTEM_PRINCIPAL } from "../privacy/principal.js";
import { appendAudit } from "../audit/audit.writer.js";
import { sealPending } from "../audit/seal.js";
import { sql } from "drizzle-orm";

// The harness measures through postgres.js; on PGlite there is nothing to run. No time thresholds:
// the machines are shared and noisy, so the test checks the harness, not the numbers.
describe.runIf(process.env.TESSERA_TEST_DB === "postgres")("tessera bench", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it("refuses a database without customers and names the seed command", async () => {
    const failure = await runBench({ url: database.url!, workloads: ["W1"], requests: 1, durationS: 1 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BenchError);
    expect((failure as Error).message).toContain("tessera seed --customers");
  });

  it("measures every workload through the API and the raw baseline, with their ratio", { timeout: 240_000 }, async () => {
    await seedDatabase(database, { customers: 300, seed: "bench-smoke" });
    const progress: string[] = [];
    const report = await runBench({
      url: database.url!,
      requests: 20,
      warmup: 4,
      concurrency: 2,
      durationS: 1,
      depths: [0, 100, 500_000],
      dsrInteractions: 300,
      onProgress: (line) => progress.push(line),
    });

    const measured = report.workloads.map((w) => w.key);
    expect(measured).toEqual(expect.arrayContaining(["W1", "W1P", "W2", "W3@0", "W3@100", "W3@500000", "W4"]));
    // W5 runs when the DSR operations exist; otherwise it is reported as not measured, with the reason.
    expect(measured.some((k) => k.startsWith("W5")) || report.unavailable.some((u) => u.key === "W5")).toBe(true);
    for (const w of report.workloads) {
      for (const target of [w.api, w.raw]) {
        expect(target.requests, `${w.key} requests`).toBeGreaterThan(0);
        expect(target.throughput, `${w.key} throughput`).toBeGreaterThan(0);
        expect(target.errors, `${w.key}: ${target.firstError}`).toBe(0);
        expect(target.sqlPerRequest, `${w.key} SQL`).toBeGreaterThan(0);
      }
      expect(w.ratio.throughput, w.key).toBeGreaterThan(0);
      expect(w.ratio.p50, w.key).toBeGreaterThan(0);
      // The partner is masked by its purpose and allowlist, the bounds are not: its answer differs, and the report says where.
      if (w.key === "W1P") expect(w.sameData).not.toBe("identical");
      else expect(w.sameData, w.key).toBe("identical");
    }
    // The reads also run against the one-statement bound: one statement per request, and the ratio
    // is taken against whichever bound is faster.
    for (const w of report.workloads.filter((w) => /^W[123]/.test(w.key))) {
      expect(w.one, w.key).toBeDefined();
      expect(w.one!.errors, `${w.key}: ${w.one!.firstError}`).toBe(0);
      expect(w.one!.sqlPerRequest, w.key).toBe(1);
      const bound = w.one!.throughput > w.raw.throughput ? w.one! : w.raw;
      expect(w.bound, w.key).toBe(bound === w.one ? "one" : "raw");
      expect(w.ratio.throughput, w.key).toBeCloseTo(w.api.throughput / bound.throughput, 10);
    }
    // 500,000 rows deep does not exist in 300 customers: the report says how deep it went.
    expect(report.workloads.find((w) => w.key === "W3@500000")!.notes.join(" ")).toMatch(/only \d+ rows match/);
    expect(report.audit?.sequential.appends).toBeGreaterThan(0);
    expect(report.audit?.shareOfW1P50).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);

    // PostgreSQL runs on this machine in the test setup: its CPU is measured for both sides.
    const w1 = report.workloads.find((w) => w.key === "W1")!;
    expect(w1.api.pgCpuMsPerRequest).toBeGreaterThan(0);
    expect(w1.raw.pgCpuMsPerRequest).toBeGreaterThan(0);

    const table = renderReport(report);
    expect(table).toContain("PG ms/req");
    expect(table).toMatch(/API\/(raw|one)/);
    expect(table).toContain("one-SQL");
    expect(table).toContain("W1  customer 360 by id");
  });
});

describe.runIf(process.env.TESSERA_TEST_DB === "postgres")("PostgreSQL's CPU, read from /proc", () => {
  it("grows with the work the server does", async () => {
    const database = await createTestDatabase();
    try {
      const before = postgresCpu();
      expect(before?.size).toBeGreaterThan(0);
      await database.db.execute(sql`select count(*) from generate_series(1, 3000000) g where g % 7 = 3`);
      expect(postgresCpuMsSince(before)).toBeGreaterThan(20);
      // A process that ended since the first reading takes its CPU with it: never a negative total.
      const withEnded = new Map([...postgresCpu()!, ["4194305", 1e9]]);
      expect(postgresCpuMsSince(withEnded)).toBeGreaterThanOrEqual(0);
    } finally {
      await database.close();
    }
  });
});

describe.runIf(process.env.TESSERA_TEST_DB === "postgres")("the statement counter (SQL/req)", () => {
  it("tells the audit appends and the sealer's batches from the rest, on the wire", async () => {
    const database = await createTestDatabase();
    const counter = new StatementCounter();
    try {
      database.raw.postgres!.options.debug = (_connection, text) => counter.onStatement(text);
      await sealPending(database.db, { wait: true });
      counter.reset();
      await database.db.execute(sql`select count(*) from customers`);
      await appendAudit(database.db, { requestId: "counter", principal: SYSTEM_PRINCIPAL, purpose: "SERVICE" }, [{ action: "READ", operation: "counter", customerIds: [], fields: [] }]);
      expect([counter.total, counter.audit, counter.sealer]).toEqual([2, 1, 0]);
      // One batch: BEGIN, the lock, the pending events, the chain head, the seals, the dequeue, COMMIT.
      expect((await sealPending(database.db)).sealed).toBe(1);
      expect([counter.total, counter.audit, counter.sealer]).toEqual([9, 1, 7]);
    } finally {
      await database.close();
    }
  });
});

describe("comparing the API's data with the baseline's", () => {
  it("ignores key order and names the first differing path", () => {
    expect(firstDifference({ a: 1, b: [1, { c: "x" }] }, { b: [1, { c: "x" }], a: 1 })).toBeUndefined();
    expect(firstDifference({ a: [1, { c: "x" }] }, { a: [1, { c: "y" }] })).toContain("data.a[1].c");
    expect(firstDifference({ a: [1, 2] }, { a: [1] })).toContain("2 vs 1 items");
  });
});
