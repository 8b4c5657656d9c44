import { problem, type Problem } from "@tessera/schema/problems";
import { diffForAudit } from "../../audit/audit.collector.js";
import { FIELD_LIMITS } from "@tessera/schema/limits";
import type { Context } from "../../graphql/context.js";
import { canonicalJson, sha256Hex } from "../../lib/hash.js";
import { InputValidator } from "../../lib/validation.js";
import { principalLabel } from "../../privacy/principal.js";
import { requireCustomer } from "../customer/customer.service.js";
import { consentSource, consentStatus, contactChannel, legalBasis, purpose, type ConsentEventRow } from "./consent.table.js";
import { isUuid } from "../../lib/ids.js";
import { insertConsentEvent } from "./consent.queries.js";
import { emitEvent, partnersSeeing } from "../webhook/outbox.js";
import type { RecordConsentInput } from "./consent.inputs.js";
import { legalBasesOf } from "./consent.rules.js";
import type { CustomerRow } from "../customer/customer.table.js";

type Jurisdiction = CustomerRow["jurisdiction"];
import { AppError, BadInputError, ErrorCode } from "../../graphql/errors.js";
import { mayRecordConsentAbout } from "../../privacy/permissions.js";
import { writeChannel } from "../partner/partner.writes.js";

/** The controller named on every receipt. */
export const CONTROLLER = "Tessera Telecom";

/**
 * Appends a consent decision to the ledger with an ISO/IEC 27560-shaped receipt and its hash.
 * Consent is never edited: the current state is derived from the latest event.
 */
export async function recordConsent(ctx: Context, input: RecordConsentInput): Promise<ConsentEventRow> {
  const v = new InputValidator();
  validateConsent(v, input);
  const source = writeChannel(v, ctx.principal, "source", input.source)!;
  v.done();
  if (!mayRecordConsentAbout(ctx.principal, input))
    throw new AppError(ErrorCode.FORBIDDEN, "A partner app records consent only for purposes it holds, and sharing (THIRD_PARTY_SHARING) only with itself", { field: "input.purpose" });
  const customer = await requireCustomer(ctx, input.customerId);
  const problem = legalBasisProblem(input.legalBasis, customer.jurisdiction);
  if (problem) throw BadInputError.field("input.legalBasis", problem);
  const row = consentRow({ ...input, source }, input.customerId, principalLabel(ctx.principal));
  return ctx.db.transaction(async (tx) => {
    // Who could see the customer before the decision hears of it, even once it hides the customer from them.
    const before = await partnersSeeing(tx, input.customerId, "CONSENT_CHANGED");
    const created = await insertConsentEvent(tx, row);
    await emitEvent(tx, { type: "CONSENT_CHANGED", customerId: row.customerId, data: consentEventData(created), alsoTo: before });
    const changes = diffForAudit("ConsentEvent", undefined, { id: created.id, ...row });
    await ctx.audit.write(tx, { action: "CREATE", customerIds: [row.customerId], fields: changes.map((c) => `ConsentEvent.${c.field}`), changes });
    return created;
  });
}

/** What a CONSENT_CHANGED event says: the decision, never the receipt's free text. */
export function consentEventData(e: Pick<ConsentEventRow, "id" | "purpose" | "channel" | "partnerId" | "status" | "capturedAt" | "expiresAt">) {
  return { consentEventId: e.id, purpose: e.purpose, channel: e.channel, partnerId: e.partnerId, status: e.status, capturedAt: e.capturedAt.toISOString(), expiresAt: e.expiresAt?.toISOString() ?? null };
}

/** The rules of a consent decision, shared by recordConsent and the consent feed (consent.feed.ts). */
export function validateConsent(v: InputValidator, input: Omit<RecordConsentInput, "customerId">) {
  const capturedAt = input.capturedAt ?? new Date();
  v.oneOf("purpose", input.purpose, purpose.enumValues);
  v.oneOf("status", input.status, consentStatus.enumValues);
  v.oneOf("source", input.source, consentSource.enumValues);
  v.oneOf("channel", input.channel, contactChannel.enumValues);
  v.oneOf("legalBasis", input.legalBasis, legalBasis.enumValues);
  if (capturedAt.getTime() > Date.now() + 60_000) v.fail("capturedAt", problem("IN_FUTURE"));
  if (input.expiresAt && input.expiresAt <= capturedAt) v.fail("expiresAt", problem("NOT_AFTER", { other: "capturedAt" }));
  if (input.purpose === "THIRD_PARTY_SHARING" && !input.partnerId) v.fail("partnerId", problem("REQUIRED_FOR", { value: "THIRD_PARTY_SHARING" }));
  if (input.purpose !== "THIRD_PARTY_SHARING" && input.partnerId) v.fail("partnerId", problem("ONLY_FOR", { value: "THIRD_PARTY_SHARING" }));
  if (input.partnerId && !isUuid(input.partnerId)) v.fail("partnerId", problem("INVALID_ID"));
  if (input.channel && input.purpose !== "MARKETING") v.fail("channel", problem("ONLY_FOR", { value: "MARKETING" }));
  v.text("policyVersion", input.policyVersion, { required: true, max: FIELD_LIMITS.Consent.policyVersion });
  v.text("notice", input.notice, { max: FIELD_LIMITS.Consent.notice });
}

/** The ledger row of a decision with its ISO/IEC 27560-shaped receipt and the receipt's hash. */
export function consentRow(input: Omit<RecordConsentInput, "customerId">, customerId: string, recordedBy: string) {
  const capturedAt = input.capturedAt ?? new Date();
  const basis = (input.legalBasis ?? "CONSENT") as ConsentEventRow["legalBasis"];
  const evidence = {
    receiptVersion: "ISO/IEC 27560:2023",
    principal: { customerId },
    controller: CONTROLLER,
    purpose: input.purpose,
    channel: input.channel ?? null,
    partnerId: input.partnerId ?? null,
    decision: input.status,
    legalBasis: basis,
    notice: { policyVersion: input.policyVersion, text: input.notice ?? null },
    collectionMethod: input.source,
    timestamp: capturedAt.toISOString(),
    expiresAt: input.expiresAt?.toISOString() ?? null,
    recordedBy,
  };
  return {
    customerId,
    purpose: input.purpose as ConsentEventRow["purpose"],
    channel: (input.channel ?? null) as ConsentEventRow["channel"],
    partnerId: input.partnerId ?? null,
    status: input.status as ConsentEventRow["status"],
    legalBasis: basis,
    source: input.source as ConsentEventRow["source"],
    policyVersion: input.policyVersion,
    capturedAt,
    expiresAt: input.expiresAt ?? null,
    evidence,
    receiptHash: sha256Hex(canonicalJson(evidence)),
    recordedBy,
  };
}

/** The legal basis must be one the customer's jurisdiction offers (consent.rules.ts); shared with the consent feed. */
export function legalBasisProblem(given: string | null | undefined, jurisdiction: Jurisdiction): Problem | undefined {
  const legalBasis = (given ?? "CONSENT") as ConsentEventRow["legalBasis"];
  const offered = legalBasesOf(jurisdiction);
  return offered.includes(legalBasis) ? undefined : problem("LEGAL_BASIS_NOT_OFFERED", { basis: legalBasis, jurisdiction, allowed: offered.join(", ") });
}
