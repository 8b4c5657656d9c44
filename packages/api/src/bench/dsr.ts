/**
 * W5: data-subject export and erasure of a customer with 10,000 interactions. These are rare,
 * heavy operations, so they run one at a time (latency matters, not throughput), on clones of
 * a seeded customer made for the run: erasure is irreversible, and the seeded customers stay
 * as they are.
 */
import { firstDifference, measureSequential, workloadReport, type StatementCounter } from "./measure.js";
import type { RawSql } from "./raw.js";
import type { WorkloadReport } from "./report.js";
import type { WorkloadFactory } from "./workloads.js";

export const DSR_OPERATIONS = ["requestDataSubjectAction", "fulfilDataSubjectRequest", "dataSubjectExport"] as const;

export const DSR_INTERACTIONS = 10_000;

const REQUEST = /* GraphQL */ `
  mutation BenchDsrRequest($customerId: ID!, $type: DataSubjectRequestType!) {
    requestDataSubjectAction(customerId: $customerId, type: $type, jurisdiction: GDPR) { id }
  }`;
const FULFIL = /* GraphQL */ `
  mutation BenchDsrFulfil($id: ID!) { fulfilDataSubjectRequest(id: $id) { id status evidence } }`;
const DOWNLOAD = /* GraphQL */ `
  query BenchDsrExport($requestId: ID!) { dataSubjectExport(requestId: $requestId) { sha256 sizeBytes document } }`;

/** Posts one GraphQL operation; answers its data and the response size, or throws its first error. */
export type Gql = (query: string, variables: Record<string, unknown>) => Promise<{ data: Record<string, any>; bytes: number }>;
/** Posts to a raw route; same contract. */
export type RawCall = (route: string, body: Record<string, unknown>) => Promise<{ data: Record<string, any>; bytes: number }>;

/** Through the API: record the ACCESS request, fulfil it (builds and stores the export), download it. */
export async function apiExport(gql: Gql, customerId: string) {
  const requested = await gql(REQUEST, { customerId, type: "ACCESS" });
  const id = requested.data.requestDataSubjectAction.id as string;
  const fulfilled = await gql(FULFIL, { id });
  const download = await gql(DOWNLOAD, { requestId: id });
  return { bytes: requested.bytes + fulfilled.bytes + download.bytes, rows: fulfilled.data.fulfilDataSubjectRequest.evidence.rows as Record<string, number> };
}

/** Through the API: record the ERASURE request and fulfil it. */
export async function apiErase(gql: Gql, customerId: string) {
  const requested = await gql(REQUEST, { customerId, type: "ERASURE" });
  const fulfilled = await gql(FULFIL, { id: requested.data.requestDataSubjectAction.id });
  return { bytes: requested.bytes + fulfilled.bytes };
}

/** Rows per catalog type of a raw export, named as the API's evidence names them. */
export function rawExportRows(document: { data: Record<string, unknown> }): Record<string, number> {
  const d = document.data as Record<string, unknown[]>;
  return {
    Identifier: d.identifiers!.length,
    Subscription: d.subscriptions!.length,
    UsageMonth: d.usage!.length,
    ConsentEvent: d.consents!.length,
    Interaction: d.interactions!.length,
    Case: d.cases!.length,
    Feedback: d.feedback!.length,
  };
}

/** Creates and removes nothing but clones: a seeded customer's rows copied to a new customer, plus a long interaction history. */
export class DsrFixtures {
  constructor(
    private readonly sql: RawSql,
    private readonly runId: string,
  ) {}

  /** A customer with everything the source has and `interactions` interactions. */
  async clone(sourceId: string, interactions = DSR_INTERACTIONS): Promise<string> {
    return this.sql.begin(async (sql) => {
      const [{ id }] = (await sql`
        insert into customers (kind, status, name, phone, email, national_id, birth_date, gender, address, city, region,
          occupation, language, special_care, security_level, account_manager)
        select kind, status, name, phone, email, national_id, birth_date, gender, address, city, region,
          occupation, language, special_care, security_level, account_manager
        from customers where id = ${sourceId} returning id`) as unknown as [{ id: string }];
      // Identifier values get a suffix of the clone's own: a clone must not take over the source's
      // phone number or email, nor another clone's (one identifier value per time, identifiers_no_overlap).
      await sql`insert into identifiers (customer_id, type, value, valid_from, valid_to, source)
        select ${id}, type, value || ${`#bench-${this.runId}-`} || ${id}::text, valid_from, valid_to, source from identifiers where customer_id = ${sourceId}`;
      await sql`insert into subscriptions (customer_id, plan_id, msisdn, started_on, contract_end, status)
        select ${id}, plan_id, msisdn, started_on, contract_end, status from subscriptions where customer_id = ${sourceId}`;
      await sql`insert into usage_months (customer_id, month, voice_minutes, sms_count, data_mb, bill_amount, paid, arrears)
        select ${id}, month, voice_minutes, sms_count, data_mb, bill_amount, paid, arrears from usage_months where customer_id = ${sourceId}`;
      await sql`insert into consent_events (customer_id, purpose, channel, partner_id, status, legal_basis, source, policy_version,
          captured_at, expires_at, evidence, receipt_hash, recorded_by)
        select ${id}, purpose, channel, partner_id, status, legal_basis, source, policy_version,
          captured_at, expires_at, evidence, receipt_hash, recorded_by from consent_events where customer_id = ${sourceId}`;
      await sql`insert into cases (customer_id, kind, category, priority, status, subject, owner, opened_at, response_due_at, due_at, resolved_at,
          closed_at, root_cause, resolution, satisfaction, history)
        select ${id}, kind, category, priority, status, subject, owner, opened_at, response_due_at, due_at, resolved_at,
          closed_at, root_cause, resolution, satisfaction, history from cases where customer_id = ${sourceId}`;
      await sql`insert into feedback (customer_id, kind, score, aspect, comment, answers, channel, submitted_at)
        select ${id}, kind, score, aspect, comment, answers, channel, submitted_at from feedback where customer_id = ${sourceId}`;
      await sql`insert into interactions (customer_id, occurred_at, channel, type, summary, agent, outcome)
        select ${id}, now() - g * interval '37 minutes',
          (enum_range(null::interaction_channel))[1 + g % 9], (enum_range(null::interaction_type))[1 + g % 8],
          'Benchmark history ' || g || ': the customer called about the monthly bill', 'agent-' || g % 50, 'RESOLVED'
        from generate_series(1, ${interactions}) g`;
      return id;
    });
  }

  /** What is left of a customer after erasure, to compare the API's erasure with the baseline's. */
  async erasureState(id: string): Promise<Record<string, unknown>> {
    const [state] = await this.sql`select
        (select name from customers where id = ${id}) as name,
        (select erased_at is not null from customers where id = ${id}) as erased,
        (select count(*)::int from identifiers where customer_id = ${id}) as identifiers,
        (select count(*)::int from subscriptions where customer_id = ${id} and msisdn is not null) as msisdns,
        (select count(*)::int from interactions where customer_id = ${id}) as interactions,
        (select count(*)::int from interactions where customer_id = ${id} and (summary is not null or outcome is not null)) as interaction_texts,
        (select count(*)::int from feedback where customer_id = ${id} and (comment is not null or answers is not null)) as feedback_texts,
        (select count(*)::int from usage_months where customer_id = ${id}) as usage_months,
        (select count(*)::int from consent_events where customer_id = ${id}) as consent_events`;
    return { ...state };
  }
}

export interface DsrRun {
  raw: RawSql;
  gql: Gql;
  rawCall: RawCall;
  factory: WorkloadFactory;
  opts: { requests: number; durationS: number };
  counters: { api: StatementCounter; raw: StatementCounter };
  gc: () => void;
  progress: (line: string) => void;
  interactions: number;
  /** PostgreSQL runs on this machine: its CPU per request is measured too. */
  localPostgres: boolean;
}

/**
 * W5 on clones of one seeded customer, each with DSR_INTERACTIONS interactions: export (the
 * same clone each time) and erasure (a fresh clone each time), API first-hand vs the baseline.
 * The clones' interactions are deleted afterwards; the anonymised clones and their requests stay.
 */
export async function runDsr(run: DsrRun): Promise<WorkloadReport[]> {
  const { raw, gql, rawCall, counters, gc, progress } = run;
  const exports = Math.min(run.opts.requests, 10);
  const erasures = Math.min(run.opts.requests, 5);
  const fixtures = new DsrFixtures(raw, run.factory.runId);
  const [source] = await raw`select id from customers where erased_at is null order by random() limit 1`;
  progress(`W5: cloning a customer ${1 + 2 * erasures} times with ${run.interactions.toLocaleString("en-US")} interactions each…`);
  const clones: string[] = [];
  for (let i = 0; i < 1 + 2 * erasures; i++) clones.push(await fixtures.clone(source!.id as string, run.interactions));
  const [exportClone, ...rest] = clones as [string, ...string[]];
  const apiClones = rest.slice(0, erasures);
  const rawClones = rest.slice(erasures);
  try {
    // Warm-up, and the check that both exports hold the same rows.
    const apiRows = (await apiExport(gql, exportClone)).rows;
    const rawDocument = (await rawCall("dsrExport", { customerId: exportClone })).data.dataSubjectExport.document;
    const rawRows = rawExportRows(rawDocument);
    const exportCheck = firstDifference(Object.fromEntries(Object.keys(rawRows).map((k) => [k, apiRows[k] ?? 0])), rawRows, "rows") ?? "identical";

    progress(`W5 export: raw baseline…`);
    const rawExport = await measureSequential(
      Array.from({ length: exports }, () => async () => (await rawCall("dsrExport", { customerId: exportClone })).bytes),
      counters.raw,
      gc,
      run.opts.durationS,
      run.localPostgres,
    );
    progress(`W5 export: API…`);
    const apiExportResult = await measureSequential(
      Array.from({ length: exports }, () => async () => (await apiExport(gql, exportClone)).bytes),
      counters.api,
      gc,
      run.opts.durationS,
      run.localPostgres,
    );
    progress(`W5 export: API p50 ${apiExportResult.latencyMs.p50.toFixed(0)} ms, raw p50 ${rawExport.latencyMs.p50.toFixed(0)} ms`);

    progress(`W5 erasure: raw baseline…`);
    const rawErase = await measureSequential(
      rawClones.map((id) => async () => (await rawCall("dsrErase", { customerId: id })).bytes),
      counters.raw,
      gc,
      run.opts.durationS,
      run.localPostgres,
    );
    progress(`W5 erasure: API…`);
    const apiEraseResult = await measureSequential(
      apiClones.map((id) => async () => (await apiErase(gql, id)).bytes),
      counters.api,
      gc,
      run.opts.durationS,
      run.localPostgres,
    );
    progress(`W5 erasure: API p50 ${apiEraseResult.latencyMs.p50.toFixed(0)} ms, raw p50 ${rawErase.latencyMs.p50.toFixed(0)} ms`);
    const erasureCheck = firstDifference(await fixtures.erasureState(apiClones[0]!), await fixtures.erasureState(rawClones[0]!), "after erasure") ?? "identical";

    const common = `one at a time; a clone of a seeded customer with ${run.interactions.toLocaleString("en-US")} interactions`;
    const size = run.interactions === DSR_INTERACTIONS ? "10k" : run.interactions.toLocaleString("en-US");
    return [
      workloadReport(
        "W5 export",
        `DSR export (ACCESS), ${size} interactions`,
        [
          `${common}; API = requestDataSubjectAction + fulfilDataSubjectRequest (builds, stores, audits the export) + dataSubjectExport (download); raw = read every row and answer the JSON`,
          "same data = rows per type in both exports",
        ],
        exportCheck,
        apiExportResult,
        rawExport,
      ),
      workloadReport(
        "W5 erasure",
        `DSR erasure, ${size} interactions`,
        [
          `${common}, a fresh clone per erasure; API = requestDataSubjectAction + fulfilDataSubjectRequest (catalog-driven, audited); raw = the same updates and deletes by hand in one transaction`,
          "same data = what is left of the customer afterwards",
        ],
        erasureCheck,
        apiEraseResult,
        rawErase,
      ),
    ];
  } finally {
    // Clones the time cap left unerased are anonymised too; then their bulk (the interactions) goes.
    for (const id of clones) await rawCall("dsrErase", { customerId: id }).catch(() => undefined);
    await raw`delete from interactions where customer_id = any(${clones}::uuid[])`;
  }
}
