/**
 * The consent feed (`recordConsents`, `tessera import consents`): decisions captured by other
 * systems (app, CRM, paper forms) appended to the ledger under recordConsent's rules and receipt,
 * idempotent on externalId (a re-delivered decision appends nothing).
 */
import { sql } from "drizzle-orm";
import { principalLabel } from "../../privacy/principal.js";
import { checkCustomerRef } from "../feed/feed.customer-ref.js";
import type { FeedEntity, MergeRow } from "../feed/feed.run.js";
import { execRows } from "../feed/feed.sql.js";
import type { ConsentFeedInput } from "./consent.inputs.js";
import { consentEventData, consentRow, legalBasisProblem, validateConsent } from "./consent.service.js";
import type { ConsentEventRow } from "./consent.table.js";
import { emitEvents, partnersSeeingEach } from "../webhook/outbox.js";

type Item = ConsentFeedInput;

export const consentFeed: FeedEntity<ConsentFeedInput, Item> = {
  name: "consents",
  arg: "consents",
  auditType: "ConsentEvent",
  auditFields: ["ConsentEvent.purpose", "ConsentEvent.channel", "ConsentEvent.status", "ConsentEvent.capturedAt", "ConsentEvent.evidence"],
  columns: [
    { name: "customer_id", type: "uuid" },
    { name: "external_id", type: "text" },
    { name: "purpose", type: "text" },
    { name: "channel", type: "text" },
    { name: "partner_id", type: "uuid" },
    { name: "status", type: "text" },
    { name: "legal_basis", type: "text" },
    { name: "source", type: "text" },
    { name: "policy_version", type: "text" },
    { name: "captured_at", type: "timestamptz" },
    { name: "expires_at", type: "timestamptz" },
    { name: "evidence", type: "jsonb" },
    { name: "receipt_hash", type: "text" },
    { name: "recorded_by", type: "text" },
  ],
  keyField: "externalId",
  repeats: "skip",
  externalIdOf: (input) => input.externalId ?? null,
  keyOf: (item) => item.externalId,
  prepare(v, input) {
    v.text("externalId", input.externalId, { required: true, max: 200 });
    const capturedAt = input.capturedAt ?? new Date();
    validateConsent(v, { ...input, capturedAt });
    return { item: { ...input, capturedAt }, ref: checkCustomerRef(v, "customer", input.customer, capturedAt) };
  },
  toRow(item, customerId, writer) {
    const row = consentRow(item, customerId!, principalLabel(writer.audit.actor.principal));
    return {
      customer_id: customerId,
      external_id: item.externalId,
      purpose: row.purpose,
      channel: row.channel,
      partner_id: row.partnerId,
      status: row.status,
      legal_basis: row.legalBasis,
      source: row.source,
      policy_version: row.policyVersion,
      captured_at: row.capturedAt.toISOString(),
      expires_at: row.expiresAt?.toISOString() ?? null,
      evidence: row.evidence,
      receipt_hash: row.receiptHash,
      recorded_by: row.recordedBy,
    };
  },
  // The legal basis must be one the customer's jurisdiction offers, as in recordConsent.
  async check(tx, items) {
    const ids = [...new Set(items.map((p) => p.customerId!))];
    const rows = await execRows<{ id: string; jurisdiction: "GDPR" | "PIPL" }>(
      tx,
      sql`select id, jurisdiction::text as jurisdiction from customers where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`,
    );
    const of = new Map(rows.map((r) => [r.id, r.jurisdiction]));
    return items.map((p) => {
      const problem = legalBasisProblem(p.item.legalBasis, of.get(p.customerId!) ?? "PIPL");
      return problem ? { field: `consents[${p.index}].legalBasis`, ...problem } : undefined;
    });
  },
  async merge(tx, source, items) {
    // As in recordConsent: partners that could see a customer before its decisions hear of them.
    const before = await partnersSeeingEach(tx, items.map((p) => p.customerId!), "CONSENT_CHANGED");
    const inserted = await execRows<{ id: string; external_id: string; customer_id: string } & Pick<ConsentEventRow, "purpose" | "channel" | "status"> & { partner_id: string | null; captured_at: string; expires_at: string | null }>(
      tx,
      sql`insert into consent_events (customer_id, external_id, purpose, channel, partner_id, status, legal_basis, source, policy_version, captured_at, expires_at, evidence, receipt_hash, recorded_by)
        select x.customer_id, x.external_id, x.purpose::purpose, x.channel::contact_channel, x.partner_id, x.status::consent_status,
          coalesce(x.legal_basis, 'CONSENT')::legal_basis, x.source::consent_source, x.policy_version, x.captured_at, x.expires_at, x.evidence, x.receipt_hash, x.recorded_by
        from ${source.relation}
        on conflict (external_id) do nothing
        returning id, external_id, customer_id, purpose, channel, partner_id, status, captured_at, expires_at`,
    );
    await emitEvents(
      tx,
      inserted.map((r) => ({
        type: "CONSENT_CHANGED" as const,
        customerId: r.customer_id,
        data: consentEventData({ id: r.id, purpose: r.purpose, channel: r.channel, partnerId: r.partner_id, status: r.status, capturedAt: new Date(r.captured_at), expiresAt: r.expires_at ? new Date(r.expires_at) : null }),
        alsoTo: before.get(r.customer_id) ?? [],
      })),
    );
    const indexOf = new Map(items.map((p) => [p.item.externalId, p.index]));
    return inserted.map((r): MergeRow => ({ idx: indexOf.get(r.external_id)!, outcome: "inserted", customer_id: r.customer_id, id: r.id }));
  },
  refreshesInsight: false,
};
