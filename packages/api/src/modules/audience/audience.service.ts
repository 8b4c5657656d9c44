/**
 * Audiences (issue 14 item 4): a segment published to a partner app under a purpose it holds. The
 * partner reads the members it may see — the segment's definition within its own customer scope
 * under that purpose (audience.membership.ts) — masked to its allowlist like any partner read, and
 * counts only those. Publishing discloses segment membership (possibly derived from fields the
 * partner does not read), so it waits for a second admin (four eyes, modules/grant); unpublishing
 * narrows and applies at once.
 */
import { problem } from "@tessera/schema/problems";
import { and, type SQL } from "drizzle-orm";
import type { Context } from "../../graphql/context.js";
import type { Page, PageArgs } from "../../graphql/connection.js";
import { BadInputError, ConflictError, NotFoundError } from "../../graphql/errors.js";
import { isUuid } from "../../lib/ids.js";
import { principalLabel, type Purpose } from "../../privacy/principal.js";
import { customerCondition, declareArgumentReads, PAGE_ARGUMENT_READS } from "../../privacy/scope.js";
import type { CustomerRow } from "../customer/customer.table.js";
import { requestGrant } from "../grant/grant.service.js";
import { adminAudit } from "../partner/partner.service.js";
import { selectPartner } from "../partner/partner.queries.js";
import { countMembers } from "../segment/segment.queries.js";
import { selectSegment } from "../segment/segment.queries.js";
import { memberPage } from "../segment/segment.service.js";
import { emitEvents } from "../webhook/outbox.js";
import { audienceCondition, clearAudience } from "./audience.membership.js";
import { insertAudience, selectAudience, selectAudiences, selectLiveAudience, updateAudience, type AudienceWith } from "./audience.queries.js";

// Audiences are looked up by their own id and paged by position: no argument reads a customer's field.
declareArgumentReads("audience", { id: [] });
declareArgumentReads("Audience.members", PAGE_ARGUMENT_READS);

export async function publishAudience(ctx: Context, input: { segmentId: string; partnerId: string; purpose: Purpose }): Promise<AudienceWith> {
  const segment = isUuid(input.segmentId) ? await selectSegment(ctx.db, input.segmentId) : undefined;
  if (!segment) throw new NotFoundError("Segment", input.segmentId);
  const partner = isUuid(input.partnerId) ? await selectPartner(ctx.db, input.partnerId) : undefined;
  if (!partner) throw new NotFoundError("Partner app", input.partnerId);
  if (!partner.allowedPurposes.includes(input.purpose)) throw BadInputError.field("purpose", problem("PURPOSE_NOT_HELD", { partner: partner.name, allowed: partner.allowedPurposes.join(", ") }));
  if (await selectLiveAudience(ctx.db, segment.id, partner.id, input.purpose)) {
    throw new ConflictError(`Segment ${segment.name} is already published (or awaiting approval) to ${partner.name} under ${input.purpose}`);
  }
  const audience = await ctx.db.transaction(async (tx) => {
    const created = await insertAudience(tx, { segmentId: segment.id, partnerId: partner.id, purpose: input.purpose, requestedBy: principalLabel(ctx.principal) });
    await ctx.audit.write(tx, adminAudit([{ field: "audience", after: created.id }, { field: "segment", after: segment.id }, { field: "partnerApp", after: partner.id }, { field: "purpose", after: input.purpose }]));
    await requestGrant(tx, ctx, {
      kind: "AUDIENCE",
      targetId: created.id,
      targetName: `${segment.name} → ${partner.name} (${input.purpose})`,
      current: null,
      proposed: { segmentId: segment.id, partnerId: partner.id, purpose: input.purpose },
    });
    return created;
  });
  return { audience, segment, partner };
}

/** Withdraws an audience (live or awaiting approval): the partner loses it at once and is told each member left. */
export async function unpublishAudience(ctx: Context, id: string): Promise<boolean> {
  const found = isUuid(id) ? await selectAudience(ctx.db, id) : undefined;
  if (!found || found.audience.status === "UNPUBLISHED") throw new NotFoundError("Audience", id);
  await ctx.db.transaction(async (tx) => {
    await updateAudience(tx, id, { status: "UNPUBLISHED", unpublishedAt: new Date() });
    await emitEvents(tx, await clearAudience(tx, found));
    await ctx.audit.write(tx, adminAudit([{ field: "audience", before: id, after: id }, { field: "status", before: found.audience.status, after: "UNPUBLISHED" }]));
  });
  return true;
}

/**
 * What the principal may know of an audience: a partner only its own published ones, and only
 * under the audience's purpose (its members are those consenting to that purpose, so the request
 * must run under it); anything else is answered as missing. Staff see every audience.
 */
function mayKnow(ctx: Context, a: AudienceWith): boolean {
  const p = ctx.principal;
  if (p.kind !== "PARTNER") return true;
  return a.partner.id === p.partnerId && a.audience.status === "PUBLISHED" && a.audience.purpose === ctx.policy.purpose;
}

export async function listAudiences(ctx: Context): Promise<AudienceWith[]> {
  const p = ctx.principal;
  const rows = await selectAudiences(ctx.db, p.kind === "PARTNER" ? { partnerId: p.partnerId, status: "PUBLISHED" } : {});
  return rows.filter((a) => mayKnow(ctx, a));
}

export async function findAudience(ctx: Context, id: string): Promise<AudienceWith | null> {
  const found = isUuid(id) ? await selectAudience(ctx.db, id) : undefined;
  return found && mayKnow(ctx, found) ? found : null;
}

/**
 * The members this reader may see: the audience's members (as its partner sees them), within the
 * reader's own scope. For the partner under the audience's purpose both are the same scope; staff
 * see what the partner gets, masked by their own role.
 */
function readerCondition(ctx: Context, a: AudienceWith): SQL {
  return and(audienceCondition(a), customerCondition(ctx.policy, "MATCH"))!;
}

export function audienceMembers(ctx: Context, a: AudienceWith, args: PageArgs): Promise<Page<CustomerRow>> {
  return memberPage(ctx, `audience:${a.audience.id}`, readerCondition(ctx, a), args);
}

/** Members the reader may see now: never the segment's size, so it tells nothing of the others. */
export function audienceMemberCount(ctx: Context, a: AudienceWith): Promise<number> {
  return countMembers(ctx.db, readerCondition(ctx, a));
}
