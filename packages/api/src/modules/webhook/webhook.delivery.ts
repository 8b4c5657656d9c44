/**
 * One delivery attempt, the same on both databases: ordering check, the payload as the partner
 * may see it now, the signed POST with a timeout, and the outcome written back (delivered, a
 * retry after backoff, or dead-lettered) together with the disclosure it made, if any. Who calls
 * it and when is the dispatcher's business.
 */
import { appendAudit } from "../../audit/audit.writer.js";
import type { DbOrTx } from "../../db/client.js";
import { Policy } from "../../privacy/policy.js";
import type { Purpose } from "../../privacy/principal.js";
import { subjectColumns } from "../../privacy/scope.js";
import { partnerPrincipal } from "../partner/partner.service.js";
import type { PartnerAppRow } from "../partner/partner.table.js";
import { emitEvent, purposesSeeing } from "./outbox.js";
import { disclosedFields, nextDelayMs, signatureHeader, type BackoffConfig } from "./webhook.rules.js";
import { partnerSubscribes, selectBlocker, selectCustomerRow, selectDelivery, selectStateLockingCustomer, updateDelivery, wasAddressed } from "./webhook.queries.js";
import type { OutboxEventRow, WebhookDeliveryRow } from "./webhook.table.js";

export interface DeliveryConfig extends BackoffConfig {
  timeoutMs: number;
}

export type AttemptOutcome = "DELIVERED" | "RETRY" | "DEAD" | "BLOCKED" | "SKIPPED" | "INTERRUPTED";

/** Header carrying the event id: the same on every attempt and replay, so a receiver can drop duplicates. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** What a delivery's body tells the partner about its customer, and under which purpose (recorded once it reached the partner). */
export interface Disclosure {
  purpose: Purpose;
  /** Audit `fields`: the Customer fields sent and what the event's data tells (webhook.rules.ts disclosedFields); empty: nothing. */
  fields: string[];
}

/**
 * The body sent to one partner: the event, and the customer's fields only when the partner may
 * see the customer now under one of its purposes, masked by the catalog policy to its allowlist.
 * A notice to a partner that no longer sees the customer (withdrawal, erasure) carries ids only.
 * Answers the disclosure too; nothing is recorded here, since the body may never leave.
 */
export async function payloadFor(db: DbOrTx, event: OutboxEventRow, partner: PartnerAppRow) {
  const principal = partnerPrincipal(partner, "outbound");
  const purpose = (await purposesSeeing(db, event.customerId, [partner])).get(partner.id)?.[0];
  let customer: Record<string, unknown> | null = null;
  let customerFields: string[] = [];
  if (purpose) {
    const policy = new Policy(principal, purpose);
    const row = await selectCustomerRow(db, event.customerId, subjectColumns(policy));
    if (row) {
      const shaped = policy.shape("Customer", row, row) as unknown as Record<string, unknown>;
      customerFields = policy.decisionsFor("Customer").filter((d) => d.treatment === "FULL").map((d) => d.field);
      customer = Object.fromEntries([["id", row.id], ...customerFields.map((f) => [f, shaped[f] ?? null])]);
    }
  }
  const body = {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    customerId: event.customerId,
    purpose: purpose ?? null,
    data: event.data,
    customer,
  };
  return { body, disclosure: { purpose: purpose ?? purposeNamed(event, partner), fields: disclosedFields(event.type, event.data, customerFields) } satisfies Disclosure };
}

/**
 * The purpose a disclosure to a partner that does not see the customer now is recorded under: the
 * one its data names when the partner may use it (a consent decision's, an audience's), else the
 * partner's first. Such a delivery was addressed when the partner could see the customer (a
 * withdrawal reaches the partners that could see it before) under a purpose the event does not keep.
 */
function purposeNamed(event: OutboxEventRow, partner: PartnerAppRow): Purpose {
  const named = event.data.purpose;
  const allowed = partner.allowedPurposes as readonly string[];
  if (typeof named === "string" && allowed.includes(named)) return named as Purpose;
  return partner.allowedPurposes[0] ?? "THIRD_PARTY_SHARING";
}

/**
 * Writes an attempt's outcome and, when the body reached the partner, the disclosure, in one
 * transaction: the one place that decides what counts as disclosed. A delivery is never marked
 * delivered without its audit row; if this cannot commit, the delivery stays due and is sent
 * again (same idempotency key) until it does.
 *
 * The audit row is a READ by the partner (its principal, the purpose, operation `webhook:<type>`,
 * the customer, the fields told; no values): what a partner holds about a customer, whether it
 * asked or was sent it, and what erasure and restriction notices (outbox.ts partnersThatReceived)
 * and the customer's access log read.
 *
 * The customer's row is locked first (key share): an erasure or a restriction, which lock it for
 * update before listing the partners to notify, either waits and then sees this row, or has
 * committed before and is seen here. In the second case the partner was not among its addressees
 * (the body was in flight, or a restriction came while the event was queued) and is sent the
 * notice now; an erasure has also deleted the delivery, so there is no outcome left to write.
 */
async function recordOutcome(db: DbOrTx, found: Found, patch: Partial<WebhookDeliveryRow>, disclosure: Disclosure | undefined): Promise<void> {
  const { delivery, event, partner } = found;
  const disclosed = disclosure?.fields.length ? disclosure : undefined;
  if (!disclosed) {
    await updateDelivery(db, delivery.id, patch);
    return;
  }
  await db.transaction(async (tx) => {
    const customer = await selectStateLockingCustomer(tx, event.customerId);
    await updateDelivery(tx, delivery.id, patch);
    await appendAudit(tx, { requestId: `webhook-${delivery.id}`, principal: partnerPrincipal(partner, "outbound"), purpose: disclosed.purpose }, [
      { action: "READ", operation: `webhook:${event.type}`, customerIds: [event.customerId], fields: disclosed.fields },
    ]);
    const notice = customer?.erasedAt ? "CUSTOMER_ERASED" : customer?.processingRestricted ? "CUSTOMER_RESTRICTED" : undefined;
    if (notice && !(await wasAddressed(tx, event.customerId, notice, partner.id)) && (await partnerSubscribes(tx, partner.id, notice))) {
      await emitEvent(tx, { type: notice, customerId: event.customerId, to: [partner.id] });
    }
  });
}

type Found = NonNullable<Awaited<ReturnType<typeof selectDelivery>>>;

/**
 * Attempts delivery `id` once. `signal` aborts an attempt in flight (shutdown): the attempt is
 * not counted and the delivery stays due, to be sent again with the same idempotency key.
 */
export async function attemptDelivery(db: DbOrTx, id: string, config: DeliveryConfig, signal?: AbortSignal): Promise<{ outcome: AttemptOutcome; notBefore?: Date }> {
  const found = await selectDelivery(db, id);
  if (!found || found.delivery.status !== "PENDING") return { outcome: "SKIPPED" };
  const { delivery, event, webhook, partner } = found;
  // Per customer per webhook, events go out in the order they were emitted: wait for an earlier one still pending.
  const blocker = await selectBlocker(db, delivery);
  if (blocker) {
    const notBefore = new Date(Math.max(blocker.nextAttemptAt.getTime(), Date.now()) + 1);
    await updateDelivery(db, id, { nextAttemptAt: notBefore, enqueuedAt: null });
    return { outcome: "BLOCKED", notBefore };
  }
  if (!webhook.enabled) return { outcome: "SKIPPED" };
  const { body: payload, disclosure } = await payloadFor(db, event, partner);
  const body = JSON.stringify(payload);
  const startedAt = new Date();
  let status: number | undefined;
  let error: string | undefined;
  // The partner may hold the body: it answered (any status), or the wait for its answer ran out.
  let reached = false;
  try {
    const timeout = AbortSignal.timeout(config.timeoutMs);
    const res = await fetch(webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Tessera-Webhooks/1",
        "Tessera-Signature": signatureHeader(webhook.secret, body, startedAt),
        "Tessera-Event": event.type,
        [IDEMPOTENCY_HEADER]: event.id,
        "Tessera-Delivery": id,
      },
      body,
      redirect: "manual",
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    status = res.status;
    reached = true;
    await res.body?.cancel().catch(() => undefined);
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (e) {
    if (signal?.aborted) {
      await updateDelivery(db, id, { nextAttemptAt: new Date(), enqueuedAt: null, lastError: "interrupted by shutdown" });
      return { outcome: "INTERRUPTED" };
    }
    reached = (e as Error).name === "TimeoutError";
    error = reached ? `timed out after ${config.timeoutMs} ms` : `${(e as Error).message}`.slice(0, 200);
  }
  const attempts = delivery.attempts + 1;
  const told = reached ? disclosure : undefined;
  if (!error) {
    await recordOutcome(db, found, { status: "DELIVERED", attempts, lastAttemptAt: startedAt, lastStatusCode: status, lastError: null, deliveredAt: new Date() }, told);
    return { outcome: "DELIVERED" };
  }
  const delay = nextDelayMs(attempts, config);
  if (delay === null) {
    await recordOutcome(db, found, { status: "DEAD", attempts, lastAttemptAt: startedAt, lastStatusCode: status ?? null, lastError: error }, told);
    return { outcome: "DEAD" };
  }
  const notBefore = new Date(Date.now() + delay);
  await recordOutcome(db, found, { attempts, lastAttemptAt: startedAt, lastStatusCode: status ?? null, lastError: error, nextAttemptAt: notBefore, enqueuedAt: null }, told);
  return { outcome: "RETRY", notBefore };
}

