import { diffForAudit } from "../../audit/audit.collector.js";
import type { Context } from "../../graphql/context.js";
import { canonicalJson, sha256Hex } from "../../lib/hash.js";
import { InputValidator } from "../../lib/validation.js";
import { principalLabel } from "../../privacy/principal.js";
import { requireCustomer } from "../customer/customer.service.js";
import type { ConsentEventRow } from "./consent.table.js";
import { insertConsentEvent } from "./consent.queries.js";
import type { RecordConsentInput } from "./consent.inputs.js";
import { legalBasesOf } from "./consent.rules.js";
import { BadInputError } from "../../graphql/errors.js";

/** The controller named on every receipt. */
export const CONTROLLER = "Tessera Telecom";

/**
 * Appends a consent decision to the ledger with an ISO/IEC 27560-shaped receipt and its hash.
 * Consent is never edited: the current state is derived from the latest event.
 */
export async function recordConsent(ctx: Context, input: RecordConsentInput): Promise<ConsentEventRow> {
  const v = new InputValidator();
  const capturedAt = input.capturedAt ?? new Date();
  if (capturedAt.getTime() > Date.now() + 60_000) v.fail("capturedAt", "must not be in the future");
  if (input.expiresAt && input.expiresAt <= capturedAt) v.fail("expiresAt", "must be after capturedAt");
  if (input.purpose === "THIRD_PARTY_SHARING" && !input.partnerId) v.fail("partnerId", "is required for THIRD_PARTY_SHARING");
  if (input.purpose !== "THIRD_PARTY_SHARING" && input.partnerId) v.fail("partnerId", "applies only to THIRD_PARTY_SHARING");
  if (input.channel && input.purpose !== "MARKETING") v.fail("channel", "applies only to MARKETING");
  v.text("policyVersion", input.policyVersion, { required: true, max: 64 });
  v.text("notice", input.notice, { max: 2000 });
  v.done();
  const customer = await requireCustomer(ctx, input.customerId);
  const legalBasis = (input.legalBasis ?? "CONSENT") as ConsentEventRow["legalBasis"];
  const offered = legalBasesOf(customer.jurisdiction);
  if (!offered.includes(legalBasis))
    throw BadInputError.field("input.legalBasis", `${legalBasis} is not a legal basis under ${customer.jurisdiction} (allowed: ${offered.join(", ")})`);

  const recordedBy = principalLabel(ctx.principal);
  const evidence = {
    receiptVersion: "ISO/IEC 27560:2023",
    principal: { customerId: input.customerId },
    controller: CONTROLLER,
    purpose: input.purpose,
    channel: input.channel ?? null,
    partnerId: input.partnerId ?? null,
    decision: input.status,
    legalBasis,
    notice: { policyVersion: input.policyVersion, text: input.notice ?? null },
    collectionMethod: input.source,
    timestamp: capturedAt.toISOString(),
    expiresAt: input.expiresAt?.toISOString() ?? null,
    recordedBy,
  };
  const row = {
    customerId: input.customerId,
    purpose: input.purpose as ConsentEventRow["purpose"],
    channel: (input.channel ?? null) as ConsentEventRow["channel"],
    partnerId: input.partnerId ?? null,
    status: input.status as ConsentEventRow["status"],
    legalBasis,
    source: input.source as ConsentEventRow["source"],
    policyVersion: input.policyVersion,
    capturedAt,
    expiresAt: input.expiresAt ?? null,
    evidence,
    receiptHash: sha256Hex(canonicalJson(evidence)),
    recordedBy,
  };
  return ctx.db.transaction(async (tx) => {
    const created = await insertConsentEvent(tx, row);
    const changes = diffForAudit("ConsentEvent", undefined, { id: created.id, ...row });
    await ctx.audit.write(tx, { action: "CREATE", customerIds: [row.customerId], fields: changes.map((c) => `ConsentEvent.${c.field}`), changes });
    return created;
  });
}
