import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/client.js";
import { rowsOf } from "../db/rows.js";
import { createTestDatabase, type TestDatabase } from "../test/database.js";

/**
 * `tessera import` as a user runs it: the real CLI in a child process against the test database
 * (a PostgreSQL database, or a PGlite directory the test opens once the CLI has exited).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const EXAMPLES = join(ROOT, "examples/import");
const onPostgres = process.env.TESSERA_TEST_DB === "postgres";

let pg: TestDatabase | undefined;
let dataDir: string;
const work = mkdtempSync(join(tmpdir(), "tessera-import-"));
beforeAll(async () => {
  if (onPostgres) pg = await createTestDatabase();
  dataDir = join(work, "pglite");
});
afterAll(async () => {
  await pg?.close();
  rmSync(work, { recursive: true, force: true });
});

function start(args: string[]): ChildProcess & { output: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: "silent", NODE_ENV: "production" };
  if (onPostgres) env.DATABASE_URL = pg!.url;
  else {
    delete env.DATABASE_URL;
    env.TESSERA_DATA_DIR = dataDir;
  }
  const child = spawn(process.execPath, [join(ROOT, "packages/api/bin/tessera.mjs"), "import", ...args], { cwd: ROOT, env });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c) => (stdout += c));
  child.stderr!.on("data", (c) => (stderr += c));
  const output = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return Object.assign(child, { output });
}
const run = (...args: string[]) => start(args).output;

/** Runs `query` on the database the CLI wrote (PGlite: opened after the CLI exited, then closed again). */
async function query<T>(text: ReturnType<typeof sql>): Promise<T[]> {
  if (pg) return rowsOf<T>(await pg.db.execute(text));
  const db: Database = await openDatabase({ dataDir });
  try {
    return rowsOf<T>(await db.db.execute(text));
  } finally {
    await db.close();
  }
}
const counts = async () =>
  (
    await query<{ customers: number; plans: number; subscriptions: number; usage: number; charges: number; interactions: number; consents: number; feedback: number }>(sql`
    select (select count(*)::int from customers) as customers, (select count(*)::int from plans where code like 'P-%') as plans,
      (select count(*)::int from subscriptions) as subscriptions, (select count(*)::int from usage_months) as usage,
      (select count(*)::int from usage_charges) as charges, (select count(*)::int from interactions) as interactions,
      (select count(*)::int from consent_events) as consents, (select count(*)::int from feedback) as feedback`)
  )[0]!;

const SAMPLES = [
  ["customers", "customers.csv"],
  ["identifiers", "identifiers.csv"],
  ["plans", "plans.csv"],
  ["subscriptions", "subscriptions.csv"],
  ["usage", "usage.csv"],
  ["interactions", "interactions.ndjson"],
  ["consents", "consents.csv"],
  ["feedback", "feedback.csv"],
] as const;

describe("tessera import", () => {
  // Each CLI start on PGlite boots the WASM database and checks migrations (many seconds on a busy
  // machine), so PGlite runs the customers file only; PostgreSQL runs every sample and the rest.
  it(
    "imports every sample file, reports each deliberately bad row with its line and reason, and changes nothing when run again",
    async () => {
      const rejects = join(work, "customers-rejects.csv");
      const first = await run("customers", join(EXAMPLES, "customers.csv"), "--rejects", rejects);
      expect(first.code).toBe(1);
      expect(first.stdout).toMatch(/read 10 {2}inserted 4 {2}updated 0 {2}unchanged 0 {2}rejected 6/);
      const lines = readFileSync(rejects, "utf8").trim().split("\n");
      expect(lines[0]).toBe("line,column,reason,code");
      const byLine = Object.fromEntries(lines.slice(1).map((l) => [Number(l.split(",")[0]), l]));
      expect(Object.keys(byLine).map(Number).sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10]);
      // The English reason, then the stable code a client translates (docs/import.md lists them).
      expect(byLine[5]).toMatch(/phone .*not a valid mobile number.*,INVALID_MSISDN$/);
      expect(byLine[6]).toMatch(/wrong check digit.*,NATIONAL_ID_CHECK_DIGIT$/);
      expect(byLine[7]).toMatch(/HOUSEHOLD.*not one of.*,NOT_ONE_OF$/);
      expect(byLine[8]).toMatch(/repeats the key of line 4,DUPLICATE_KEY$/);
      expect(byLine[9]).toMatch(/Quote.*,MALFORMED_CSV$/);
      expect(byLine[10]).toMatch(/not valid UTF-8,NOT_UTF8$/);

      const samples = onPostgres ? SAMPLES : SAMPLES.slice(0, 1);
      const rejected: Record<string, Record<number, string>> = {};
      for (const [entity, file] of samples.slice(1)) {
        const out = join(work, `${entity}-rejects.csv`);
        expect((await run(entity, join(EXAMPLES, file), "--rejects", out)).code, `${entity} has bad rows`).toBe(1);
        rejected[entity] = Object.fromEntries(readFileSync(out, "utf8").trim().split("\n").slice(1).map((l) => [Number(l.split(",")[0]), l]));
      }
      if (onPostgres) {
        expect(rejected.identifiers).toEqual({
          4: expect.stringMatching(/value .*not a valid mobile number/),
          5: expect.stringMatching(/type .*PASSPORT.*not one of/),
          6: expect.stringMatching(/customer .*no such customer/),
          7: expect.stringMatching(/validFrom .*overlapping period/),
          8: expect.stringMatching(/validFrom .*not a date-time/),
        });
        expect(rejected.plans).toEqual({
          5: expect.stringMatching(/services .*SATELLITE.*not one of/),
          6: expect.stringMatching(/monthlyFee .*not a number/),
          7: expect.stringMatching(/code .*repeats the key of line 2/),
          8: expect.stringMatching(/name .*required for a new plan/),
        });
        expect(rejected.subscriptions).toEqual({
          5: expect.stringMatching(/customer .*no such customer/),
          6: expect.stringMatching(/planCode .*no plan has the code/),
          7: expect.stringMatching(/msisdn .*not a valid mobile number/),
          8: expect.stringMatching(/contractEnd .*before startedOn/),
          9: expect.stringMatching(/status .*PAUSED.*not one of/),
          10: expect.stringMatching(/externalId .*repeats the key of line 2/),
          11: expect.stringMatching(/startedOn .*not a date/),
        });
      }
      const once = await counts();
      // Good rows of each file: Chinese text, quoted commas and CRLF included.
      expect(once).toEqual(
        onPostgres
          ? { customers: 4, plans: 3, subscriptions: 3, usage: 5, charges: 16, interactions: 2, consents: 2, feedback: 2 }
          : { customers: 4, plans: 0, subscriptions: 0, usage: 0, charges: 0, interactions: 0, consents: 0, feedback: 0 },
      );
      const [wang] = await query<{ name: string; address: string }>(sql`select name, address from customers where external_id = 'CRM-0001'`);
      expect(wang).toEqual({ name: "王芳", address: "北京市东城区东长安街 1 号, 3 单元" });

      for (const [entity, file] of samples) {
        const again = await run(entity, join(EXAMPLES, file));
        expect(again.stdout, entity).toMatch(/inserted 0 {2}updated 0 {2}unchanged \d+/);
      }
      expect(await counts()).toEqual(once);
      // On PostgreSQL the rows went through COPY into a staging table per run, dropped at its end.
      if (onPostgres) expect(await query(sql`select tablename from pg_tables where tablename like 'import_stage_%'`)).toEqual([]);
    },
    300_000,
  );

  it.runIf(onPostgres)(
    "validates without writing on --dry-run, stops at --max-errors and exits 2 on a usage error",
    async () => {
      const before = await counts();
      const dry = await run("feedback", join(EXAMPLES, "feedback.csv"), "--dry-run");
      expect(dry).toMatchObject({ code: 1, stdout: expect.stringMatching(/Dry run of feedback:\n {2}read 4 {2}valid 2 {2}rejected 2/) });
      expect(await counts()).toEqual(before);
      const stopped = await run("customers", join(EXAMPLES, "customers.csv"), "--max-errors", "0", "--dry-run");
      expect(stopped.stdout).toMatch(/stopped early/);
      expect((await run("pets", join(EXAMPLES, "customers.csv"))).code).toBe(2);
      expect((await run("customers", join(work, "missing.csv"))).code).toBe(2);
    },
    120_000,
  );

  it.runIf(onPostgres)(
    "holds rows to the batch mutation's input type: a misspelt column refuses the file (exit 2, nothing written), a wrong NDJSON value rejects its row, and the terminal shows why",
    async () => {
      const before = await counts();
      const typo = join(work, "typo.csv");
      writeFileSync(typo, "externalId,nmae,phone\nTYPO-1,Ann,+8613912345678\n");
      const refused = await run("customers", typo);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('column "nmae" (did you mean "name"?) is not a field of CustomerFeedInput; nothing was imported');
      expect(await counts()).toEqual(before);

      const records = join(work, "types.ndjson");
      writeFileSync(
        records,
        [
          { externalId: "TYPE-1", name: "Ann", securityLevel: "high", nickname: "A" },
          { externalId: "TYPE-2", name: "Bo", specialCare: ["ELDERLY", "FLYING"] },
          { name: "no key" },
          { externalId: "TYPE-4", name: "Cy", securityLevel: 2 },
        ]
          .map((r) => JSON.stringify(r))
          .join("\n"),
      );
      const out = join(work, "types-rejects.csv");
      const checked = await run("customers", records, "--dry-run", "--rejects", out);
      expect(checked.code).toBe(1);
      expect(checked.stdout).toMatch(/read 4 {2}valid 1 {2}rejected 3/);
      const byLine = Object.fromEntries(readFileSync(out, "utf8").trim().split("\n").slice(1).map((l) => [Number(l.split(",")[0]), l]));
      expect(byLine).toEqual({
        1: "1,securityLevel nickname,securityLevel must be of type Int; nickname is not a field of CustomerFeedInput,NOT_OF_TYPE UNKNOWN_FIELD",
        2: '2,specialCare[1],"specialCare[1] ""FLYING"" is not one of ELDERLY, DISABLED, LIVES_ALONE",NOT_ONE_OF',
        3: "3,externalId,externalId is required,REQUIRED",
      });
      // The first rejected rows are on the terminal too, with where the rest are.
      expect(checked.stderr).toContain("Rejected:\n  line 1: securityLevel must be of type Int; nickname is not a field of CustomerFeedInput\n");
      expect(checked.stderr).toContain(`${out} lists every rejected row`);
    },
    120_000,
  );

  it.runIf(onPostgres)(
    "a run killed half-way and run again ends with exactly every row, once",
    async () => {
      const file = join(work, "many.ndjson");
      const rows = 3_000;
      writeFileSync(
        file,
        Array.from({ length: rows }, (_, i) =>
          JSON.stringify({ externalId: `kill-${i}`, customer: { externalId: "CRM-0001" }, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), channel: "APP", type: "CONSULTATION" }),
        ).join("\n"),
      );
      const stored = async () => (await query<{ n: number }>(sql`select count(*)::int as n from interactions where external_id like 'kill-%'`))[0]!.n;
      const child = start(["interactions", file, "--batch-size", "50"]);
      // Kill it once some batches have committed, but not all.
      for (let i = 0; i < 600 && (await stored()) < 200; i++) await new Promise((r) => setTimeout(r, 50));
      child.kill("SIGKILL");
      await child.output;
      const partial = await stored();
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(rows);
      const rerun = await run("interactions", file, "--batch-size", "500");
      expect(rerun.code).toBe(0);
      expect(await stored()).toBe(rows);
      expect(rerun.stdout).toContain(`inserted ${(rows - partial).toLocaleString("en-US")}`);
    },
    240_000,
  );

  it.runIf(onPostgres)("--as: only a user the access table lets call the entity's feed mutation may import (FEED: STEWARD, ADMIN; not an AGENT)", async () => {
    await query(sql`insert into users (username, role, password_hash) values ('import-agent', 'AGENT', 'x'), ('import-steward', 'STEWARD', 'x') on conflict do nothing`);
    const plans = join(EXAMPLES, "plans.csv");
    const agent = await run("plans", plans, "--dry-run", "--as", "import-agent");
    expect(agent.code).toBe(2);
    expect(agent.stderr).toMatch(/import-agent is AGENT, who may not call upsertPlans/);
    // The steward is let through: the dry run reports the sample's bad rows (exit 1), not a usage error.
    const steward = await run("plans", plans, "--dry-run", "--as", "import-steward");
    expect(steward.code, steward.stderr).toBe(1);
    expect((await run("plans", plans, "--dry-run", "--as", "nobody-here")).code).toBe(2);
  }, 120_000);

  it("a number recycled from one customer to another resolves by each interaction's own date", async () => {
    // CRM-0001 (imported above) held the number until 2025-03-01; CRM-0002 holds it from then on.
    const windows = join(work, "recycled-identifiers.csv");
    writeFileSync(
      windows,
      "customer.externalId,type,value,validFrom,validTo,source\n" +
        "CRM-0001,MSISDN,137 0000 5555,2024-01-01T00:00:00Z,2025-03-01T00:00:00Z,BILLING\n" +
        "CRM-0002,MSISDN,13700005555,2025-03-01T00:00:00Z,,BILLING\n",
    );
    expect((await run("identifiers", windows)).code).toBe(0);
    const events = join(work, "recycled-interactions.csv");
    writeFileSync(
      events,
      "externalId,customer.identifier.type,customer.identifier.value,occurredAt,channel,type,summary\n" +
        "RECYCLED-1,MSISDN,+86 137 0000 5555,2025-02-10T09:00:00Z,HOTLINE,CONSULTATION,asked about roaming\n" +
        "RECYCLED-2,MSISDN,13700005555,2025-04-01T09:00:00Z,HOTLINE,CONSULTATION,asked about roaming\n",
    );
    const imported = await run("interactions", events);
    expect(imported.code, imported.stderr).toBe(0);
    const owners = await query<{ event: string; customer: string }>(
      sql`select i.external_id as event, c.external_id as customer from interactions i join customers c on c.id = i.customer_id where i.external_id like 'RECYCLED-%' order by 1`,
    );
    expect(owners).toEqual([
      { event: "RECYCLED-1", customer: "CRM-0001" },
      { event: "RECYCLED-2", customer: "CRM-0002" },
    ]);
  }, 120_000);
});
