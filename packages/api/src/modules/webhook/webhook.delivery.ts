/**
 * One delivery attempt, the same on both databases: ordering check, the payload as the partner
 * may see it now, the signed POST with a timeout, and the outcome written back (delivered, a
 * retry after backoff, or dead-lettered). Who calls it and when is the dispatcher's business.
 */
import { appendAudit } from "../../audit/audit.writer.js";
import type { DbOrTx } from "../../db/client.js";
import { Policy } from "../../privacy/policy.js";
import { subjectColumns } from "../../privacy/scope.js";
import { partnerPrincipal } from "../partner/partner.service.js";
import type { PartnerAppRow } from "../partner/partner.table.js";
import { purposesSeeing } from "./outbox.js";
import { nextDelayMs, signatureHeader, type BackoffConfig } from "./webhook.rules.js";
import { selectBlocker, selectCustomerRow, selectDelivery, updateDelivery } from "./webhook.queries.js";
import type { OutboxEventRow } from "./webhook.table.js";

export interface DeliveryConfig extends BackoffConfig {
  timeoutMs: number;
}

export type AttemptOutcome = "DELIVERED" | "RETRY" | "DEAD" | "BLOCKED" | "SKIPPED" | "INTERRUPTED";

/** Header carrying the event id: the same on every attempt and replay, so a receiver can drop duplicates. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/**
 * The body sent to one partner: the event, and the customer's fields only when the partner may
 * see the customer now under one of its purposes, masked by the catalog policy to its allowlist.
 * A notice to a partner that no longer sees the customer (withdrawal, erasure) carries ids only.
 */
export async function payloadFor(db: DbOrTx, event: OutboxEventRow, partner: PartnerAppRow, deliveryId: string) {
  const principal = partnerPrincipal(partner, "outbound");
  const purpose = (await purposesSeeing(db, event.customerId, [partner])).get(partner.id)?.[0];
  let customer: Record<string, unknown> | null = null;
  if (purpose) {
    const policy = new Policy(principal, purpose);
    const row = await selectCustomerRow(db, event.customerId, subjectColumns(policy));
    if (row) {
      const shaped = policy.shape("Customer", row, row) as unknown as Record<string, unknown>;
      const fields = policy.decisionsFor("Customer").filter((d) => d.treatment === "FULL").map((d) => d.field);
      customer = Object.fromEntries([["id", row.id], ...fields.map((f) => [f, shaped[f] ?? null])]);
      // Personal values leave for the partner: the audit trail records the disclosure (and so erasure notices reach it).
      if (fields.length) {
        await appendAudit(db, { requestId: `webhook-${deliveryId}`, principal, purpose }, [
          { action: "READ", operation: `webhook:${event.type}`, customerIds: [row.id], fields: fields.map((f) => `Customer.${f}`).sort() },
        ]);
      }
    }
  }
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    customerId: event.customerId,
    purpose: purpose ?? null,
    data: event.data,
    customer,
  };
}

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
  const body = JSON.stringify(await payloadFor(db, event, partner, id));
  const startedAt = new Date();
  let status: number | undefined;
  let error: string | undefined;
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
    await res.body?.cancel().catch(() => undefined);
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (e) {
    if (signal?.aborted) {
      await updateDelivery(db, id, { nextAttemptAt: new Date(), enqueuedAt: null, lastError: "interrupted by shutdown" });
      return { outcome: "INTERRUPTED" };
    }
    error = (e as Error).name === "TimeoutError" ? `timed out after ${config.timeoutMs} ms` : `${(e as Error).message}`.slice(0, 200);
  }
  const attempts = delivery.attempts + 1;
  if (!error) {
    await updateDelivery(db, id, { status: "DELIVERED", attempts, lastAttemptAt: startedAt, lastStatusCode: status, lastError: null, deliveredAt: new Date() });
    return { outcome: "DELIVERED" };
  }
  const delay = nextDelayMs(attempts, config);
  if (delay === null) {
    await updateDelivery(db, id, { status: "DEAD", attempts, lastAttemptAt: startedAt, lastStatusCode: status ?? null, lastError: error });
    return { outcome: "DEAD" };
  }
  const notBefore = new Date(Date.now() + delay);
  await updateDelivery(db, id, { attempts, lastAttemptAt: startedAt, lastStatusCode: status ?? null, lastError: error, nextAttemptAt: notBefore, enqueuedAt: null });
  return { outcome: "RETRY", notBefore };
}

