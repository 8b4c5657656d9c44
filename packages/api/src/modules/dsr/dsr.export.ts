import type { DbOrTx } from "../../db/client.js";
import { CONTROLLER } from "../consent/consent.service.js";
import { listRetentionPolicies } from "../retention/retention.service.js";
import { CATALOG_TYPES, handlingOf, personalFields } from "./dsr.catalog.js";
import { selectAccessLog, selectRequestsOfCustomer } from "./dsr.queries.js";

export const EXPORT_FORMAT = "tessera.data-subject-export/1";

export interface ExportDocument {
  format: string;
  controller: string;
  requestId: string;
  customerId: string;
  generatedAt: string;
  /** Per catalog type: the rows held about the customer, unmasked (the profile is one object). */
  data: Record<string, unknown>;
  /** Categories, purposes and retention of each personal field (GDPR Art. 15(1)(a)(b)(d), PIPL Art. 44). */
  dataCategories: Record<string, Record<string, { category: string; purposes: readonly string[]; retention: string; description: string }>>;
  retentionPolicies: unknown[];
  /** Catalog types derived from the data when read, with nothing stored to export. */
  computedAtReadTime: string[];
  /** Who accessed the customer's data, when, why and which fields (audit rows naming the customer; a partner sent an event about them appears as its READ). */
  accessLog: unknown[];
  dataSubjectRequests: unknown[];
  notes: string[];
}

/**
 * Everything held about a customer (SPEC §4.7 ACCESS), built by walking the data catalog: each
 * catalog type contributes its rows, so a new personal field or type appears here by itself.
 */
export async function buildExport(db: DbOrTx, p: { requestId: string; customerId: string; generatedAt: Date }): Promise<ExportDocument> {
  const data: Record<string, unknown> = {};
  const dataCategories: ExportDocument["dataCategories"] = {};
  const computed: string[] = [];
  for (const type of CATALOG_TYPES) {
    const { load } = handlingOf(type);
    if (load) {
      const rows = await load(db, p.customerId);
      data[type] = type === "Customer" ? (rows[0] ?? null) : rows;
    } else computed.push(type);
    dataCategories[type] = Object.fromEntries(
      personalFields(type).map(([field, e]) => [field, { category: e.category, purposes: e.purposes, retention: e.retention, description: e.description }]),
    );
  }
  const accessLog = await selectAccessLog(db, p.customerId);
  return {
    format: EXPORT_FORMAT,
    controller: CONTROLLER,
    requestId: p.requestId,
    customerId: p.customerId,
    generatedAt: p.generatedAt.toISOString(),
    data,
    dataCategories,
    retentionPolicies: await listRetentionPolicies(db),
    accessLog,
    dataSubjectRequests: await selectRequestsOfCustomer(db, p.customerId),
    computedAtReadTime: computed,
    notes: [
      "Types listed in computedAtReadTime (e.g. insight: value tier, lifecycle stage, churn risk) are derived from the data above when read; they are not stored.",
      "The access log lists every audited read and write naming you; this export itself is recorded there as EXPORT.",
      "An event about you sent to a partner's system (a webhook) is listed as a READ by that partner, operation webhook:<event type>, with the fields it told (a consent decision as ConsentEvent.purpose, ConsentEvent.status, …); values are not logged.",
    ],
  };
}

/** Rows per catalog type in an export (for the evidence and the audit row's fields). */
export function exportCounts(document: ExportDocument): Record<string, number> {
  return Object.fromEntries(Object.entries(document.data).map(([type, rows]) => [type, Array.isArray(rows) ? rows.length : rows ? 1 : 0]));
}
