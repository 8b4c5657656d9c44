import { problem } from "@tessera/schema/problems";
import { diffForAudit } from "../../audit/audit.collector.js";
import { emitEvent } from "../webhook/outbox.js";
import type { Tx } from "../../db/client.js";
import type { Context } from "../../graphql/context.js";
import { AppError, BadInputError, ConflictError, ErrorCode, NotFoundError } from "../../graphql/errors.js";
import { canonicalJson, sha256Hex } from "../../lib/hash.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import { principalLabel } from "../../privacy/principal.js";
import { declareArgumentReads } from "../../privacy/scope.js";
import { insertConsentEvent, selectCurrentConsents, type ConsentStateRow } from "../consent/consent.queries.js";
import { findCustomer, requireCustomer } from "../customer/customer.service.js";
import type { CustomerRow } from "../customer/customer.table.js";
import { refreshInsightFor } from "../insight/insight.refresh.js";
import { deleteCandidatesOf } from "./duplicates.queries.js";
import { defaultMergedValue, MERGE_TABLE_RULES, MERGEABLE_FIELDS, stricterStatus, type MergeableField } from "./identity.rules.js";
import * as q from "./merge.queries.js";
import type { CustomerMergeRow } from "./merge.table.js";
import type { ConsentConflict, CustomerMerge, ExpectedVersions, FieldConflict, MergePreview, MergeResolutions, MoveCount } from "./merge.type.js";

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const isEmpty = (v: unknown) => v == null || (Array.isArray(v) && v.length === 0);
const consentKey = (c: { purpose: string; channel?: string | null; partnerId?: string | null }) => `${c.purpose}|${c.channel ?? ""}|${c.partnerId ?? ""}`;

function checkPair(survivorId: string, mergedId: string) {
  const v = new InputValidator("");
  if (!isUuid(survivorId)) v.fail("survivorId", problem("INVALID_ID"));
  if (!isUuid(mergedId)) v.fail("mergedId", problem("INVALID_ID"));
  if (!v.problems.length && survivorId === mergedId) v.fail("mergedId", problem("MUST_DIFFER", { other: "survivorId" }));
  v.done();
}

/** Why a record cannot take part in a merge at all (erased, already merged), or undefined. */
function refusal(role: string, row: CustomerRow): string | undefined {
  if (row.erasedAt) return `the ${role} record was erased; an erased record is never merged`;
  if (row.mergedInto) return `the ${role} record was already merged into ${row.mergedInto}`;
  return undefined;
}

function resolveFields(survivor: CustomerRow, merged: CustomerRow, resolutions?: MergeResolutions) {
  const chosen = new Map((resolutions?.fields ?? []).map((r) => [r.field as MergeableField, r.choose]));
  const set: Partial<Record<MergeableField, unknown>> = {};
  const conflicts: { field: MergeableField; defaultValue: unknown }[] = [];
  const filled: MergeableField[] = [];
  for (const field of MERGEABLE_FIELDS) {
    const s = survivor[field];
    const m = merged[field];
    const defaultValue = defaultMergedValue(field, s, m);
    if (!isEmpty(s) && !isEmpty(m) && !same(s, m)) conflicts.push({ field, defaultValue });
    else if (isEmpty(s) && !isEmpty(m)) filled.push(field);
    const choice = chosen.get(field);
    const value = choice === "MERGED" ? m : choice === "SURVIVOR" ? s : defaultValue;
    if (!same(value, s)) set[field] = value;
  }
  return { set, conflicts, filled };
}

function consentOutcome(states: ConsentStateRow[], survivorId: string, mergedId: string, resolutions?: MergeResolutions) {
  const chosen = new Map((resolutions?.consents ?? []).map((r) => [consentKey(r), r.choose]));
  const of = (id: string) => new Map(states.filter((s) => s.customerId === id).map((s) => [consentKey(s), s]));
  const [mine, theirs] = [of(survivorId), of(mergedId)];
  const outcomes: { survivor: ConsentStateRow; merged: ConsentStateRow; result: ConsentStateRow }[] = [];
  for (const [key, m] of theirs) {
    const s = mine.get(key);
    if (!s || s.status === m.status) continue;
    const choice = chosen.get(key);
    const resultStatus = choice === "SURVIVOR" ? s.status : choice === "MERGED" ? m.status : stricterStatus(s.status, m.status);
    outcomes.push({ survivor: s, merged: m, result: resultStatus === s.status ? s : m });
  }
  return outcomes;
}

/** Customer-owned tables with their rule, in the rules' order; an unknown table stops the merge (fail closed). */
async function mergeTables(db: Tx | Context["db"]) {
  const tables = new Set(await q.selectCustomerOwnedTables(db));
  const unknown = [...tables].filter((t) => !MERGE_TABLE_RULES[t]);
  if (unknown.length) throw new AppError(ErrorCode.INTERNAL, `No merge rule for ${unknown.join(", ")} (identity.rules.ts)`);
  return Object.entries(MERGE_TABLE_RULES)
    .filter(([table]) => tables.has(table))
    .map(([table, rule]) => ({ table, rule }));
}

const stringify = (v: unknown) => (v == null ? null : Array.isArray(v) ? v.join(", ") : v instanceof Date ? v.toISOString() : String(v));

/** mergePreview names two records by id; their values are released field by field through the Customer policy. */
export const MERGE_PREVIEW_READS = declareArgumentReads("mergePreview", { survivorId: [], mergedId: [] });

/** What merging `mergedId` into `survivorId` would do. Values are shown as this caller may read them. */
export async function mergePreview(ctx: Context, survivorId: string, mergedId: string): Promise<MergePreview> {
  checkPair(survivorId, mergedId);
  const [survivor, merged] = await Promise.all([requireCustomer(ctx, survivorId), requireCustomer(ctx, mergedId)]);
  const warnings = [refusal("survivor", survivor), refusal("merged", merged)].filter((w): w is string => Boolean(w));
  if (survivor.processingRestricted || merged.processingRestricted) warnings.push("a record is processing-restricted: merging it needs acknowledgeRestriction");
  const { conflicts, filled } = resolveFields(survivor, merged);
  const [shownSurvivor, shownMerged] = [await findCustomer(ctx, survivorId), await findCustomer(ctx, mergedId)];
  const fieldConflicts: FieldConflict[] = conflicts.map(({ field, defaultValue }) => ({
    field,
    survivorValue: stringify(shownSurvivor![field]),
    mergedValue: stringify(shownMerged![field]),
    defaultChoice: same(defaultValue, merged[field]) ? "MERGED" : "SURVIVOR",
    defaultNote: same(defaultValue, survivor[field]) || same(defaultValue, merged[field]) ? null : `both combined: ${stringify(field === "securityLevel" ? defaultValue : defaultValue)}`,
  }));
  const moves: MoveCount[] = [];
  for (const { table, rule } of await mergeTables(ctx.db)) {
    const rows = await q.countRowsOf(ctx.db, table, mergedId);
    moves.push({ table, rows, action: rule.action, note: rule.action === "KEEP" ? rule.reason : rule.action === "COMBINE" ? `rows with the same ${rule.key.join(", ")} are added together` : null });
  }
  const states = await selectCurrentConsents(ctx.db, [survivorId, mergedId]);
  const consentConflicts: ConsentConflict[] = consentOutcome(states, survivorId, mergedId).map((o) => ({
    purpose: o.merged.purpose,
    channel: o.merged.channel,
    partnerId: o.merged.partnerId,
    survivorStatus: o.survivor.status,
    mergedStatus: o.merged.status,
    resultStatus: o.result.status,
  }));
  return { survivor: shownSurvivor!, merged: shownMerged!, conflicts: fieldConflicts, filled, moves, consentConflicts, warnings } as unknown as MergePreview;
}

/**
 * Merges two records in one transaction: optimistic versions on both, every customer-owned row
 * moved (or combined) to the survivor, the survivor's profile resolved field by field, consent
 * conflicts settled (the stricter state, carried over by a new ledger event that cites the
 * original receipt), the merged record kept as a tombstone answering `mergedInto`, audited,
 * insight recomputed. The merge record holds what an undo needs, and is the CUSTOMER_MERGED event.
 */
export async function mergeCustomers(ctx: Context, survivorId: string, mergedId: string, resolutions: MergeResolutions | undefined, expected: ExpectedVersions) {
  checkPair(survivorId, mergedId);
  await Promise.all([requireCustomer(ctx, survivorId), requireCustomer(ctx, mergedId)]);
  const by = principalLabel(ctx.principal);
  const row = await ctx.db.transaction(async (tx) => {
    const locked = await q.lockCustomers(tx, [survivorId, mergedId]);
    const survivor = locked.get(survivorId);
    const merged = locked.get(mergedId);
    if (!survivor || !merged) throw new NotFoundError("Customer", !survivor ? survivorId : mergedId);
    const refused = refusal("survivor", survivor) ?? refusal("merged", merged);
    if (refused) throw new ConflictError(`Cannot merge: ${refused}`);
    if ((survivor.processingRestricted || merged.processingRestricted) && !resolutions?.acknowledgeRestriction)
      throw new ConflictError("A record is processing-restricted: set acknowledgeRestriction to merge it", { field: "resolutions.acknowledgeRestriction" });
    for (const [name, rowNow, version] of [["survivor", survivor, expected.survivor], ["merged", merged, expected.merged]] as const) {
      if (rowNow.version !== version)
        throw new ConflictError(`The ${name} record was changed by someone else (version ${rowNow.version}, expected ${version}); reload the preview`, {
          field: `expectedVersions.${name}`,
          currentVersion: rowNow.version,
        });
    }
    const { set } = resolveFields(survivor, merged, resolutions);
    // Consent outcomes are read before the ledgers are joined.
    const outcomes = consentOutcome(await selectCurrentConsents(tx, [survivorId, mergedId]), survivorId, mergedId, resolutions);

    const moved: Record<string, string[]> = {};
    const combined: CustomerMergeRow["combined"] = {};
    const tables = await mergeTables(tx);
    for (const { table, rule } of tables) {
      if (rule.action === "MOVE") moved[table] = await q.moveRows(tx, table, mergedId, survivorId);
      else if (rule.action === "COMBINE") combined[table] = await q.combineRows(tx, table, rule, mergedId, survivorId);
    }
    // The merged record's combined rows were copied or added up: they go, children first.
    for (const { table, rule } of [...tables].reverse()) if (rule.action === "COMBINE") await q.deleteOwnedRows(tx, table, mergedId, rule);
    // Profile fields: the merged record's phone/email move with its identifiers (already moved above).
    if (Object.keys(set).length) await q.updateProfile(tx, survivorId, set as Partial<CustomerRow>);
    if (merged.processingRestricted && !survivor.processingRestricted) await q.updateProfile(tx, survivorId, { processingRestricted: true });
    await q.setMergedInto(tx, mergedId, survivorId);
    const consentEventsAdded = await carryStricterConsents(ctx, tx, survivorId, outcomes);
    const record = await q.insertMerge(tx, {
      survivorId,
      mergedId,
      survivorBefore: JSON.parse(JSON.stringify(survivor)) as Record<string, unknown>,
      mergedBefore: JSON.parse(JSON.stringify(merged)) as Record<string, unknown>,
      fieldsSet: JSON.parse(JSON.stringify({ ...set, ...(merged.processingRestricted && !survivor.processingRestricted ? { processingRestricted: true } : {}) })),
      moved,
      combined,
      consentEventsAdded,
      mergedBy: by,
    });
    await deleteCandidatesOf(tx, [mergedId]);
    await q.deleteInsightOf(tx, mergedId);
    await refreshInsightFor(tx, [survivorId]);
    await ctx.audit.write(tx, {
      action: "UPDATE",
      customerIds: [survivorId],
      fields: Object.keys(set).map((f) => `Customer.${f}`),
      changes: [...diffForAudit("Customer", survivor, set), { field: "mergedFrom", before: null, after: `${mergedId} (merge ${record.id})` }],
    });
    await ctx.audit.write(tx, { action: "UPDATE", customerIds: [mergedId], fields: [], changes: [{ field: "mergedInto", before: null, after: `${survivorId} (merge ${record.id})` }] });
    await emitEvent(tx, { type: "CUSTOMER_MERGED", customerId: survivorId, data: { mergeId: record.id, survivorId, mergedId, fields: Object.keys(set) } });
    return record;
  });
  return presentMerge(row);
}

/** The stricter consent state carried over: a new event on the survivor citing the original receipt. */
async function carryStricterConsents(ctx: Context, tx: Tx, survivorId: string, outcomes: ReturnType<typeof consentOutcome>): Promise<string[]> {
  const added: string[] = [];
  const now = new Date();
  for (const { survivor, merged, result } of outcomes) {
    const latest = survivor.capturedAt > merged.capturedAt ? survivor : merged;
    if (latest.status === result.status) continue;
    const evidence = {
      ...(result.evidence as Record<string, unknown>),
      principal: { customerId: survivorId },
      carriedOverByMerge: { reason: "the records were merged; the customer's stricter decision stands", originalEventId: result.id, originalReceiptHash: result.receiptHash },
      timestamp: now.toISOString(),
      recordedBy: principalLabel(ctx.principal),
    };
    const event = await insertConsentEvent(tx, {
      customerId: survivorId,
      purpose: result.purpose,
      channel: result.channel,
      partnerId: result.partnerId,
      status: result.status,
      legalBasis: result.legalBasis,
      source: result.source,
      policyVersion: result.policyVersion,
      capturedAt: now,
      expiresAt: result.expiresAt,
      evidence,
      receiptHash: sha256Hex(canonicalJson(evidence)),
      recordedBy: principalLabel(ctx.principal),
    });
    added.push(event.id);
  }
  return added;
}

/**
 * Undoes a merge: rows the merge moved go back by id (rows written to the survivor since stay
 * with it), combined usage is taken apart, the consent events the merge appended are removed, the
 * survivor's fields the merge set return to their earlier values unless someone changed them since
 * (then the later write stands), and the tombstone becomes a live record again. Audited.
 */
export async function unmergeCustomers(ctx: Context, mergeId: string) {
  if (!isUuid(mergeId)) throw BadInputError.field("mergeId", problem("INVALID_ID"));
  // Visibility is checked before the transaction (on the embedded database, a read outside it would wait for it).
  const found = await q.selectMerge(ctx.db, mergeId);
  if (!found) throw new NotFoundError("Merge", mergeId);
  await requireCustomer(ctx, found.survivorId);
  const row = await ctx.db.transaction(async (tx) => {
    const merge = (await q.selectMerge(tx, mergeId, { lock: true }))!;
    if (merge.status === "UNDONE") throw new ConflictError(`Merge ${mergeId} was already undone`);
    if (!merge.survivorBefore || !merge.fieldsSet) throw new ConflictError(`Merge ${mergeId} can no longer be undone: a record involved was erased`);
    const locked = await q.lockCustomers(tx, [merge.survivorId, merge.mergedId]);
    const survivor = locked.get(merge.survivorId)!;
    const tables = await mergeTables(tx);
    for (const { table, rule } of tables) {
      if (rule.action === "MOVE") await q.moveRowsBack(tx, table, merge.moved[table] ?? [], merge.survivorId, merge.mergedId);
      else if (rule.action === "COMBINE" && merge.combined[table]) await q.uncombineRows(tx, table, rule, merge.combined[table], merge.survivorId, merge.mergedId);
    }
    // The survivor's copies of the rows carried over go, children first.
    for (const { table, rule } of [...tables].reverse()) {
      if (rule.action === "COMBINE" && merge.combined[table]?.moved.length) await q.deleteOwnedRows(tx, table, merge.survivorId, rule, merge.combined[table].moved);
    }
    await q.deleteConsentEvents(tx, merge.consentEventsAdded);
    const restore: Partial<CustomerRow> = {};
    for (const [field, valueSet] of Object.entries(merge.fieldsSet)) {
      const now = (survivor as Record<string, unknown>)[field];
      if (same(JSON.parse(JSON.stringify(now ?? null)), valueSet)) (restore as Record<string, unknown>)[field] = merge.survivorBefore[field] ?? null;
    }
    if (Object.keys(restore).length) await q.updateProfile(tx, merge.survivorId, restore);
    await q.setMergedInto(tx, merge.mergedId, null);
    const undone = await q.markMergeUndone(tx, mergeId, principalLabel(ctx.principal));
    await refreshInsightFor(tx, [merge.survivorId, merge.mergedId]);
    await ctx.audit.write(tx, {
      action: "UPDATE",
      customerIds: [merge.survivorId, merge.mergedId],
      fields: Object.keys(restore).map((f) => `Customer.${f}`),
      changes: [...diffForAudit("Customer", survivor, restore), { field: "unmerged", before: mergeId, after: null }],
    });
    // An undo has no event type of its own: both records changed, each is announced as updated.
    for (const customerId of [merge.survivorId, merge.mergedId]) {
      await emitEvent(tx, { type: "CUSTOMER_UPDATED", customerId, data: { unmergedFrom: mergeId, fields: customerId === merge.survivorId ? Object.keys(restore) : [] } });
    }
    return undone;
  });
  return presentMerge(row);
}

function presentMerge(row: CustomerMergeRow): CustomerMerge {
  const moves: MoveCount[] = [
    ...Object.entries(row.moved).map(([table, ids]) => ({ table, rows: ids.length, action: "MOVE", note: null })),
    ...Object.entries(row.combined).map(([table, c]) => ({ table, rows: c.moved.length + c.combined.length, action: "COMBINE", note: `${c.combined.length} combined with the survivor's` })),
  ];
  return { ...row, moves } as CustomerMerge;
}
