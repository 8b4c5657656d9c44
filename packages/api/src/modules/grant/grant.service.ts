import type { AuditCollector } from "../../audit/audit.collector.js";
import type { DbOrTx } from "../../db/client.js";
import type { Context } from "../../graphql/context.js";
import { AppError, ConflictError, ErrorCode, NotFoundError } from "../../graphql/errors.js";
import { principalLabel, type Role } from "../../privacy/principal.js";
import { createPartner, partnerAccess, updatePartnerAccess } from "../partner/partner.service.js";
import { selectPartner } from "../partner/partner.queries.js";
import type { PartnerAppRow } from "../partner/partner.table.js";
import { applyUserClearance, applyUserRole, createUser, existingUser } from "../user/user.service.js";
import { updateUserAccess } from "../user/user.queries.js";
import type { UserRow } from "../user/user.table.js";
import { publishApproved } from "../audience/audience.publish.js";
import { decideGrant, insertGrantRequest, selectGrant, selectPendingGrants } from "./grant.queries.js";
import { clearanceWidens, partnerWidening, roleWidens, type PartnerAccess } from "./grant.rules.js";
import type { GrantRequestRow } from "./grant.table.js";

/**
 * Four eyes (issue 10 item 9, docs/security.md): a change made through the API that widens access
 * to personal data — a user created with or moved to a role that reads more of it, a partner app
 * created or given more purposes, fields or capabilities, a segment published to a partner as an
 * audience — is not applied but waits as a grant
 * request until a second, different admin approves it. Narrowing changes apply at once. The
 * operator's CLI on the server stays direct (and audited under its `--as` name).
 */

export async function requestGrant(db: DbOrTx, ctx: Context, row: Pick<GrantRequestRow, "kind" | "targetId" | "targetName" | "current" | "proposed">) {
  const created = await insertGrantRequest(db, { ...row, requestedById: ctx.principal.id, requestedBy: principalLabel(ctx.principal) });
  await ctx.audit.write(db, grantAudit(created, [{ field: "status", before: null, after: "PENDING" }, { field: "proposed", before: row.current, after: row.proposed }]));
  return created;
}

function grantAudit(grant: GrantRequestRow, changes: { field: string; before: unknown; after: unknown }[]) {
  return {
    action: "ADMIN" as const,
    customerIds: [],
    fields: [],
    changes: [{ field: "grantRequest", before: grant.id, after: grant.id }, { field: "kind", before: grant.kind, after: grant.kind }, { field: "target", before: grant.targetId, after: grant.targetId }, ...changes],
  };
}

export async function createUserRequest(ctx: Context, input: { username: string; role: Role; password: string; displayName?: string | null }): Promise<UserRow> {
  const awaitingApproval = roleWidens(undefined, input.role);
  const user = await createUser(ctx.db, { ...input, awaitingApproval }, ctx.audit);
  if (awaitingApproval) await requestGrant(ctx.db, ctx, { kind: "USER_ROLE", targetId: user.id, targetName: user.username, current: null, proposed: { role: input.role } });
  return user;
}

export async function setUserRoleRequest(ctx: Context, userId: string, role: Role): Promise<UserRow> {
  const user = await existingUser(ctx.db, userId);
  if (user.role === role) return user;
  if (!roleWidens(user.role, role)) return applyUserRole(ctx.db, user, role, ctx.audit);
  await requestGrant(ctx.db, ctx, { kind: "USER_ROLE", targetId: user.id, targetName: user.username, current: { role: user.role }, proposed: { role } });
  return user;
}

/**
 * A user's clearance (the customer security levels they may open): raising it shows them more
 * customers, so it waits for a second admin; lowering it applies at once.
 */
export async function setUserClearanceRequest(ctx: Context, userId: string, clearance: number): Promise<UserRow> {
  const user = await existingUser(ctx.db, userId);
  if (user.clearance === clearance) return user;
  if (!clearanceWidens(user.clearance, clearance)) return applyUserClearance(ctx.db, user, clearance, ctx.audit);
  await requestGrant(ctx.db, ctx, { kind: "USER_CLEARANCE", targetId: user.id, targetName: user.username, current: { clearance: user.clearance }, proposed: { clearance } });
  return user;
}

export async function createPartnerRequest(ctx: Context, input: { name: string; purposes: string[]; fields: string[]; capabilities?: string[] }): Promise<PartnerAppRow> {
  const proposed = { purposes: input.purposes, fields: input.fields, capabilities: input.capabilities ?? [] };
  const awaitingApproval = partnerWidening(undefined, proposed).length > 0;
  const partner = await createPartner(ctx.db, { ...input, awaitingApproval }, ctx.audit);
  if (awaitingApproval) await requestGrant(ctx.db, ctx, { kind: "PARTNER_ACCESS", targetId: partner.id, targetName: partner.name, current: null, proposed: partnerAccess(partner) });
  return partner;
}

export async function updatePartnerRequest(ctx: Context, partnerId: string, access: PartnerAccess): Promise<PartnerAppRow> {
  const partner = await selectPartner(ctx.db, partnerId);
  if (!partner) throw new NotFoundError("Partner app", partnerId);
  const current = partnerAccess(partner);
  if (!partnerWidening(current, access).length) return updatePartnerAccess(ctx.db, partner, access, ctx.audit);
  const validated = await updatePartnerAccess(ctx.db, partner, access, ctx.audit, { validateOnly: true });
  await requestGrant(ctx.db, ctx, { kind: "PARTNER_ACCESS", targetId: partner.id, targetName: partner.name, current, proposed: partnerAccess(validated) });
  return partner;
}

export function pendingGrants(ctx: Context) {
  return selectPendingGrants(ctx.db);
}

async function decide(ctx: Context, id: string, status: "APPROVED" | "REJECTED", reason?: string | null): Promise<GrantRequestRow> {
  const decided = await decideGrant(ctx.db, id, { status, decidedById: ctx.principal.id, decidedBy: principalLabel(ctx.principal), reason });
  if (decided) return decided;
  const grant = /^[0-9a-f-]{36}$/i.test(id) ? await selectGrant(ctx.db, id) : undefined;
  if (!grant) throw new NotFoundError("Grant request", id);
  if (grant.status !== "PENDING") throw new ConflictError(`Grant request ${id} is already ${grant.status}`, { status: grant.status });
  throw new AppError(ErrorCode.FORBIDDEN, "A grant request needs a second admin: its requester cannot decide it");
}

/** Applies the request's proposed access (the target's sessions end: updateUserAccess bumps the version). */
export async function approveGrant(ctx: Context, id: string): Promise<GrantRequestRow> {
  const grant = await decide(ctx, id, "APPROVED");
  await apply(ctx.db, grant, ctx.audit);
  await ctx.audit.write(ctx.db, grantAudit(grant, [{ field: "status", before: "PENDING", after: "APPROVED" }]));
  return grant;
}

export async function rejectGrant(ctx: Context, id: string, reason?: string | null): Promise<GrantRequestRow> {
  const grant = await decide(ctx, id, "REJECTED", reason);
  await ctx.audit.write(ctx.db, grantAudit(grant, [{ field: "status", before: "PENDING", after: "REJECTED" }]));
  return grant;
}

async function apply(db: DbOrTx, grant: GrantRequestRow, by: AuditCollector) {
  if (grant.kind === "USER_ROLE") {
    const user = await existingUser(db, grant.targetId);
    const role = grant.proposed.role as Role;
    if (user.awaitingApproval) await updateUserAccess(db, user.id, { awaitingApproval: false, role });
    else await applyUserRole(db, user, role, by);
    return;
  }
  if (grant.kind === "USER_CLEARANCE") {
    await applyUserClearance(db, await existingUser(db, grant.targetId), Number(grant.proposed.clearance), by);
    return;
  }
  if (grant.kind === "AUDIENCE") return publishApproved(db, grant.targetId, by);
  const partner = await selectPartner(db, grant.targetId);
  if (!partner) throw new NotFoundError("Partner app", grant.targetId);
  await updatePartnerAccess(db, partner, grant.proposed as unknown as PartnerAccess, by, { approve: true });
}
