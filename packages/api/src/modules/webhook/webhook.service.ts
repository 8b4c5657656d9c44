import { problem } from "@tessera/schema/problems";
import { randomBytes } from "node:crypto";
import type { AuditCollector } from "../../audit/audit.collector.js";
import { env } from "../../config/env.js";
import type { Page, PageArgs } from "../../graphql/connection.js";
import { keysetPage, timeAndId } from "../../graphql/keyset.js";
import type { Context } from "../../graphql/context.js";
import { BadInputError, NotFoundError } from "../../graphql/errors.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import type { Principal } from "../../privacy/principal.js";
import { declareArgumentReads, PAGE_ARGUMENT_READS } from "../../privacy/scope.js";
import { selectPartner } from "../partner/partner.queries.js";
import { adminAudit } from "../partner/partner.service.js";
import { urlProblem } from "./webhook.rules.js";
import { countDeliveries, insertWebhook, selectDeliveries, selectDelivery, selectWebhooksOf, updateDelivery } from "./webhook.queries.js";
import { eventType, type WebhookDeliveryRow, type WebhookRow } from "./webhook.table.js";

// Deliveries are filtered on their own bookkeeping (partner, webhook, status), none of it a customer's field.
declareArgumentReads("webhookDeliveries", { ...PAGE_ARGUMENT_READS, partnerId: [], webhookId: [], status: [] });

/** A partner acts on its own webhooks only; another partner's are answered as missing. */
function ownPartner(principal: Principal, partnerId: string): boolean {
  return principal.kind !== "PARTNER" || principal.partnerId === partnerId;
}

/** Registers an endpoint; the signing secret is answered once (it must be kept to sign, so it is stored, never shown again). */
export async function createWebhook(
  ctx: Pick<Context, "db" | "principal" | "audit">,
  input: { partnerId: string; url: string; events: string[] },
): Promise<{ secret: string; webhook: WebhookRow }> {
  const v = new InputValidator("");
  v.text("url", input.url, { required: true, max: 2000 });
  const urlRefusal = urlProblem(input.url, env().TESSERA_WEBHOOK_ALLOW_HTTP);
  if (urlRefusal) v.fail("url", urlRefusal);
  if (!input.events.length) v.fail("events", problem("NO_EVENT_TYPES"));
  v.oneOf("events", input.events, eventType.enumValues);
  if (!isUuid(input.partnerId)) v.fail("partnerId", problem("INVALID_ID"));
  v.done();
  const partner = ownPartner(ctx.principal, input.partnerId) ? await selectPartner(ctx.db, input.partnerId) : undefined;
  if (!partner) throw new NotFoundError("Partner app", input.partnerId);
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  const webhook = await ctx.db.transaction(async (tx) => {
    const created = await insertWebhook(tx, { partnerId: partner.id, url: input.url, events: [...new Set(input.events)] as WebhookRow["events"], secret });
    // The secret never reaches the trail.
    await ctx.audit.write(tx, adminAudit([{ field: "webhook", after: created.id }, { field: "partnerApp", after: partner.id }, { field: "url", after: created.url }, { field: "events", after: created.events }]));
    return created;
  });
  return { secret, webhook };
}

export function listWebhooks(ctx: Pick<Context, "db" | "principal">) {
  return selectWebhooksOf(ctx.db, ctx.principal.kind === "PARTNER" ? ctx.principal.partnerId : undefined);
}

export type DeliveryView = WebhookDeliveryRow & { eventType: string; occurredAt: Date };

/** Deliveries newest first: a partner sees its own, an administrator all (optionally one partner's). */
export async function listDeliveries(
  ctx: Pick<Context, "db" | "principal">,
  args: PageArgs & { partnerId?: string | null; status?: string | null; webhookId?: string | null },
): Promise<Page<DeliveryView>> {
  for (const [field, id] of [["partnerId", args.partnerId], ["webhookId", args.webhookId]] as const) if (id && !isUuid(id)) throw BadInputError.field(field, problem("INVALID_ID"));
  const partnerId = ctx.principal.kind === "PARTNER" ? ctx.principal.partnerId : (args.partnerId ?? undefined);
  const filter = { partnerId, webhookId: args.webhookId ?? undefined, status: (args.status ?? undefined) as WebhookDeliveryRow["status"] | undefined };
  return keysetPage(ctx, args, {
    list: "webhookDeliveries",
    connection: "WebhookDeliveryConnection",
    arity: 2,
    positionOf: (row: Awaited<ReturnType<typeof selectDeliveries>>[number]) => [row.delivery.createdAt.toISOString(), row.delivery.id],
    fromCursor: (values) => {
      const key = timeAndId(values);
      return key && { createdAt: new Date(key.at), id: key.id };
    },
    read: ({ from, backward, limit }) => selectDeliveries(ctx.db, { ...filter, from, backward, limit }),
    release: (rows) =>
      rows.map((r) => ({ ...r.delivery, eventType: r.type, occurredAt: r.occurredAt, nextAttemptAt: r.delivery.status === "PENDING" ? r.delivery.nextAttemptAt : null }) as DeliveryView),
    count: () => countDeliveries(ctx.db, filter),
  });
}

/** Sends a delivery again (any status) with the same event id: due now, a fresh 24 h of retries. */
export async function replayDelivery(ctx: Pick<Context, "db" | "principal"> & { audit: AuditCollector }, id: string): Promise<DeliveryView> {
  const found = isUuid(id) ? await selectDelivery(ctx.db, id) : undefined;
  if (!found || !ownPartner(ctx.principal, found.delivery.partnerId)) throw new NotFoundError("Webhook delivery", id);
  const row = await ctx.db.transaction(async (tx) => {
    const updated = await updateDelivery(tx, id, { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), enqueuedAt: null, deliveredAt: null });
    // Retention may have removed it since it was read (WEBHOOK_DELIVERY).
    if (!updated) throw new NotFoundError("Webhook delivery", id);
    await ctx.audit.write(tx, adminAudit([{ field: "webhookDelivery", before: found.delivery.status, after: `${id} replayed` }]));
    return updated;
  });
  return { ...row, eventType: found.event.type, occurredAt: found.event.occurredAt };
}
