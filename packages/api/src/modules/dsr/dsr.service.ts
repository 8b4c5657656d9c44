import { problem } from "@tessera/schema/problems";
import { FIELD_LIMITS } from "@tessera/schema/limits";
import { release } from "../../privacy/scope.js";
import { emitEvent, partnersThatReceived } from "../webhook/outbox.js";
import type { AuditChange } from "../../audit/audit.table.js";
import type { Db, DbOrTx } from "../../db/client.js";
import type { Context } from "../../graphql/context.js";
import type { Page, PageArgs } from "../../graphql/connection.js";
import { keysetPage, timeAndId } from "../../graphql/keyset.js";
import { AppError, BadInputError, ConflictError, ErrorCode, NotFoundError } from "../../graphql/errors.js";
import { LoaderRegistry } from "../../graphql/loaders.js";
import { OrderDirection, reversed } from "../../graphql/order.js";
import { canonicalJson, sha256Hex } from "../../lib/hash.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import { principalLabel } from "../../privacy/principal.js";
import { selectCurrentConsents } from "../consent/consent.queries.js";
import { recordConsent } from "../consent/consent.service.js";
import type { RecordConsentInput } from "../consent/consent.inputs.js";
import { diffForAudit } from "../../audit/audit.collector.js";
import { CATALOG_TYPES, personalFields } from "./dsr.catalog.js";
import { eraseCustomer } from "./dsr.erasure.js";
import { buildExport, exportCounts } from "./dsr.export.js";
import { DataSubjectRequestOrderField, type DataSubjectRequestFilter, type DataSubjectRequestOrder } from "./dsr.inputs.js";
import {
  countExpiredExports,
  countRequests,
  dropExpiredExports,
  insertRequest,
  requestFilterCondition,
  selectAccessLog,
  selectCustomerForUpdate,
  selectOpenRequest,
  selectRequest,
  selectRequestForUpdate,
  selectRequestPage,
  updateCustomerRow,
  updateRequest,
} from "./dsr.queries.js";
import { dueDate, EXPORT_AVAILABLE_DAYS } from "./dsr.rules.js";
import type { DataSubjectRequestRow } from "./dsr.table.js";

type DsrType = DataSubjectRequestRow["type"];
type Evidence = Record<string, unknown>;

const OPEN_STATUSES: readonly DataSubjectRequestRow["status"][] = ["RECEIVED", "IN_PROGRESS"];

export interface RequestInput {
  customerId: string;
  type: string;
  jurisdiction: string;
  notes?: string | null;
  receivedAt?: Date | null;
}

/** Records a data-subject request with its due date under the jurisdiction. */
export async function requestDataSubjectAction(ctx: Context, input: RequestInput): Promise<DataSubjectRequestRow> {
  const v = new InputValidator("");
  if (!isUuid(input.customerId)) v.fail("customerId", problem("INVALID_ID"));
  v.text("notes", input.notes, { max: FIELD_LIMITS.DataSubjectRequest.notes });
  const receivedAt = input.receivedAt ?? new Date();
  if (receivedAt.getTime() > Date.now() + 60_000) v.fail("receivedAt", problem("IN_FUTURE"));
  v.done();
  const type = input.type as DsrType;
  return ctx.db.transaction(async (tx) => {
    const customer = await selectCustomerForUpdate(tx, input.customerId);
    if (!customer) throw new NotFoundError("Customer", input.customerId);
    if (type === "ERASURE" && customer.erasedAt) {
      throw new ConflictError(`Customer ${customer.id} was already erased on ${customer.erasedAt.toISOString()}`, { field: "customerId" });
    }
    const open = await selectOpenRequest(tx, customer.id, type);
    if (open) throw new ConflictError(`Customer ${customer.id} already has an open ${type} request (${open})`, { field: "type", existingRequestId: open });
    const row = await insertRequest(tx, {
      customerId: customer.id,
      type,
      jurisdiction: input.jurisdiction as DataSubjectRequestRow["jurisdiction"],
      receivedAt,
      dueAt: dueDate(input.jurisdiction as DataSubjectRequestRow["jurisdiction"], receivedAt),
      requestedBy: principalLabel(ctx.principal),
      notes: input.notes?.trim() || null,
    });
    await ctx.audit.write(tx, {
      action: "CREATE",
      customerIds: [customer.id],
      fields: [],
      changes: [statusChange(null, row), { field: "DataSubjectRequest.type", before: null, after: type }],
    });
    return row;
  });
}

function statusChange(before: DataSubjectRequestRow | null, after: { id: string; status: string }): AuditChange {
  return { field: `DataSubjectRequest(${after.id}).status`, before: before?.status ?? null, after: after.status };
}

/** Locks an open request; a closed one is CONFLICT and nothing is written. */
async function lockOpenRequest(tx: DbOrTx, id: string): Promise<DataSubjectRequestRow> {
  const request = isUuid(id) ? await selectRequestForUpdate(tx, id) : undefined;
  if (!request) throw new NotFoundError("Data-subject request", id);
  if (!OPEN_STATUSES.includes(request.status)) {
    throw new ConflictError(`Data-subject request ${id} is already ${request.status}`, { status: request.status });
  }
  return request;
}

/**
 * Performs what the request asks, in one transaction with the status change and its audit: a
 * failure anywhere leaves the customer and the request as they were.
 */
export async function fulfilDataSubjectRequest(ctx: Context, id: string, notes?: string | null): Promise<DataSubjectRequestRow> {
  const v = new InputValidator("");
  v.text("notes", notes, { max: FIELD_LIMITS.DataSubjectRequest.notes });
  v.done();
  return ctx.db.transaction(async (tx) => {
    const request = await lockOpenRequest(tx, id);
    if (request.type === "RECTIFICATION" && !notes?.trim()) {
      throw BadInputError.field("notes", problem("RECTIFICATION_NOTES_REQUIRED"));
    }
    const now = new Date();
    const { evidence, exportDocument } = await perform(ctx, tx as unknown as Db, request, now);
    const updated = await updateRequest(tx, request.id, {
      status: "FULFILLED",
      fulfilledAt: now,
      fulfilledBy: principalLabel(ctx.principal),
      // An erasure keeps no free text about the erased customer, not even the steward's own outcome notes.
      outcomeNotes: request.type === "ERASURE" ? null : notes?.trim() || null,
      evidence,
      ...(exportDocument === undefined ? {} : { exportDocument }),
    });
    await ctx.audit.write(tx, { action: "UPDATE", customerIds: [request.customerId], fields: [], changes: [statusChange(request, updated)] });
    return updated;
  });
}

export async function rejectDataSubjectRequest(ctx: Context, id: string, reason: string): Promise<DataSubjectRequestRow> {
  const v = new InputValidator("");
  v.text("reason", reason, { required: true, max: FIELD_LIMITS.DataSubjectRequest.reason });
  v.done();
  return ctx.db.transaction(async (tx) => {
    const request = await lockOpenRequest(tx, id);
    const updated = await updateRequest(tx, request.id, {
      status: "REJECTED",
      fulfilledAt: new Date(),
      fulfilledBy: principalLabel(ctx.principal),
      outcomeNotes: reason.trim(),
    });
    await ctx.audit.write(tx, { action: "UPDATE", customerIds: [request.customerId], fields: [], changes: [statusChange(request, updated)] });
    return updated;
  });
}

async function perform(ctx: Context, tx: Db, request: DataSubjectRequestRow, now: Date): Promise<{ evidence: Evidence; exportDocument?: string }> {
  switch (request.type) {
    case "ACCESS":
      return exportData(ctx, tx, request, now);
    case "ERASURE":
      return { evidence: { ...(await eraseCustomer(tx, ctx.audit, request.customerId, now)) } };
    case "RESTRICTION":
      return { evidence: await restrictProcessing(ctx, tx, request.customerId) };
    case "WITHDRAW_ALL_CONSENT":
      return { evidence: await withdrawAllConsent(ctx, tx, request) };
    case "RECTIFICATION":
      return { evidence: await rectificationEvidence(tx, request) };
  }
}

/** ACCESS: the export is stored as the canonical JSON whose sha256 and size go into the evidence. */
async function exportData(ctx: Context, tx: Db, request: DataSubjectRequestRow, now: Date) {
  const document = await buildExport(tx, { requestId: request.id, customerId: request.customerId, generatedAt: now });
  const text = canonicalJson(document);
  const counts = exportCounts(document);
  const evidence = {
    generatedAt: now.toISOString(),
    sha256: sha256Hex(text),
    sizeBytes: Buffer.byteLength(text, "utf8"),
    rows: counts,
    accessLogEntries: document.accessLog.length,
    availableUntil: new Date(now.getTime() + EXPORT_AVAILABLE_DAYS * 86_400_000).toISOString(),
  };
  await ctx.audit.write(tx, { action: "EXPORT", customerIds: [request.customerId], fields: exportedFields(counts), changes: [] });
  return { evidence, exportDocument: text };
}

/** The personal catalog fields of every type the export holds rows of. */
function exportedFields(counts: Record<string, number>): string[] {
  return CATALOG_TYPES.filter((t) => counts[t]).flatMap((t) => personalFields(t).map(([f]) => `${t}.${f}`));
}

/** RESTRICTION: the customer disappears for partners and keeps only SERVICE processing (the policy reads the flag). */
async function restrictProcessing(ctx: Context, tx: Db, customerId: string): Promise<Evidence> {
  const before = await selectCustomerForUpdate(tx, customerId);
  if (!before) throw new NotFoundError("Customer", customerId);
  if (before.erasedAt) throw new ConflictError(`Customer ${customerId} is erased; there is nothing left to restrict`);
  if (before.processingRestricted) return { processingRestricted: true, alreadyRestricted: true };
  const after = await updateCustomerRow(tx, customerId, { processingRestricted: true });
  const changes = diffForAudit("Customer", before, { processingRestricted: after.processingRestricted });
  await ctx.audit.write(tx, { action: "UPDATE", customerIds: [customerId], fields: ["Customer.processingRestricted"], changes });
  const received = await partnersThatReceived(tx, customerId);
  const notified = await emitEvent(tx, { type: "CUSTOMER_RESTRICTED", customerId, to: received });
  return {
    processingRestricted: true,
    alreadyRestricted: false,
    customerVersion: after.version,
    recipients: { partnersThatReceivedData: received.sort(), notified: notified.sort() },
  };
}

/**
 * WITHDRAW_ALL_CONSENT: a WITHDRAWN event for every currently granted (purpose, channel,
 * partner), through the consent service so that each carries its receipt. Effective at once:
 * partner visibility reads the ledger.
 */
async function withdrawAllConsent(ctx: Context, tx: Db, request: DataSubjectRequestRow): Promise<Evidence> {
  const granted = (await selectCurrentConsents(tx, [request.customerId])).filter((c) => c.granted);
  // The consent service runs in this transaction, with loaders of its own (they capture the db).
  const txCtx: Context = { ...ctx, db: tx, loaders: new LoaderRegistry() };
  const withdrawn = [];
  for (const consent of granted) {
    const input = {
      customerId: request.customerId,
      purpose: consent.purpose,
      channel: consent.channel,
      partnerId: consent.partnerId,
      status: "WITHDRAWN",
      legalBasis: consent.legalBasis,
      // The withdrawal is entered by the system on the request's behalf, not captured from a channel.
      source: "IMPORT",
      policyVersion: consent.policyVersion,
      notice: `Withdrawn at the customer's request (data-subject request ${request.id}).`,
    } satisfies Partial<RecordConsentInput>;
    const event = await recordConsent(txCtx, input as RecordConsentInput);
    withdrawn.push({ purpose: consent.purpose, channel: consent.channel, partnerId: consent.partnerId, previousEventId: consent.id, eventId: event.id });
  }
  await ctx.audit.write(tx, {
    action: "UPDATE",
    customerIds: [request.customerId],
    fields: [],
    changes: withdrawn.map((w) => ({ field: `ConsentState(${w.purpose}/${w.channel ?? "*"}/${w.partnerId ?? "*"}).status`, before: "GRANTED", after: "WITHDRAWN" })),
  });
  return { withdrawn: withdrawn.length, consents: withdrawn };
}

/** RECTIFICATION: the steward edits the record through updateCustomer; the evidence points at those audited writes. */
async function rectificationEvidence(tx: Db, request: DataSubjectRequestRow): Promise<Evidence> {
  const log = await selectAccessLog(tx, request.customerId);
  const updates = log
    .filter((e) => e.occurredAt >= request.receivedAt && (e.action === "UPDATE" || e.action === "CREATE") && e.fields.some((f) => f.startsWith("Customer.")))
    .map((e) => ({ auditSeq: e.seq, at: e.occurredAt.toISOString(), by: e.principal, fields: e.fields }));
  return { profileUpdatesSinceReceipt: updates };
}

// ---- Reads ---------------------------------------------------------------------------------

export async function findRequest(ctx: Context, id: string): Promise<DataSubjectRequestRow | null> {
  return (isUuid(id) && (await selectRequest(ctx.db, id))) || null;
}

/** A request as a query answers it: its free-text notes released by the catalog (stewards read them). */
export async function readRequest(ctx: Context, id: string): Promise<DataSubjectRequestRow | null> {
  const row = await findRequest(ctx, id);
  return row ? release(ctx, "DataSubjectRequest", [row], {})[0]! : null;
}

export async function listRequests(
  ctx: Context,
  args: PageArgs & { filter?: DataSubjectRequestFilter; orderBy?: DataSubjectRequestOrder },
): Promise<Page<DataSubjectRequestRow>> {
  const orderBy = args.orderBy?.field ?? DataSubjectRequestOrderField.DUE_AT;
  const direction = args.orderBy?.direction ?? OrderDirection.ASC;
  if (args.filter?.customerId && !isUuid(args.filter.customerId)) throw BadInputError.field("filter.customerId", problem("INVALID_ID"));
  const where = requestFilterCondition(args.filter, new Date());
  const sortValueOf = (row: DataSubjectRequestRow) => (orderBy === DataSubjectRequestOrderField.DUE_AT ? row.dueAt : row.receivedAt).toISOString();
  return keysetPage(ctx, args, {
    list: "dataSubjectRequests",
    connection: "DataSubjectRequestConnection",
    arity: 3,
    positionOf: (row: DataSubjectRequestRow) => [orderBy, sortValueOf(row), row.id],
    fromCursor: ([field, ...position]) => (field === orderBy ? timeAndId(position) : undefined),
    invalidCursor: problem("CURSOR_OF_OTHER_ORDER"),
    read: ({ from, backward, limit }) =>
      selectRequestPage(ctx.db, { where, orderBy, direction: backward ? reversed(direction) : direction, after: from && { sortValue: from.at, id: from.id }, limit }),
    release: (rows) => release(ctx, "DataSubjectRequest", rows, {}),
    count: () => countRequests(ctx.db, where),
  });
}

/** The stored ACCESS export; each download is audited as EXPORT. */
export async function dataSubjectExport(ctx: Context, requestId: string) {
  const request = await findRequest(ctx, requestId);
  if (!request) throw new NotFoundError("Data-subject request", requestId);
  if (request.type !== "ACCESS") throw BadInputError.field("requestId", problem("EXPORT_ONLY_FOR_ACCESS", { type: request.type }));
  if (request.status !== "FULFILLED") throw new ConflictError(`Data-subject request ${requestId} is ${request.status}; fulfil it first`, { status: request.status });
  if (!request.exportDocument) {
    throw new AppError(ErrorCode.NOT_FOUND, `The export of request ${requestId} is no longer stored (kept ${EXPORT_AVAILABLE_DAYS} days, dropped on erasure); its sha256 stays in the evidence`, { id: requestId });
  }
  const evidence = request.evidence as { generatedAt: string; sha256: string; sizeBytes: number; rows: Record<string, number> };
  await ctx.audit.write(ctx.db, { action: "EXPORT", customerIds: [request.customerId], fields: exportedFields(evidence.rows ?? {}), changes: [] });
  return {
    requestId: request.id,
    customerId: request.customerId,
    generatedAt: new Date(evidence.generatedAt),
    sha256: evidence.sha256,
    sizeBytes: evidence.sizeBytes,
    document: JSON.parse(request.exportDocument) as Record<string, unknown>,
  };
}

// ---- For the retention run ---------------------------------------------------------------

/** Stored exports older than the download window: how many, and dropping them (their hashes stay). */
export const expiredExports = {
  cutoff: (now: Date) => new Date(now.getTime() - EXPORT_AVAILABLE_DAYS * 86_400_000),
  count: (db: DbOrTx, now: Date) => countExpiredExports(db, expiredExports.cutoff(now)),
  drop: (db: DbOrTx, now: Date) => dropExpiredExports(db, expiredExports.cutoff(now)),
};
