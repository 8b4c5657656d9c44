import { problem } from "@tessera/schema/problems";
import { FIELD_LIMITS } from "@tessera/schema/limits";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { CATALOG } from "@tessera/schema/catalog";
import { systemAudit, type AuditCollector } from "../../audit/audit.collector.js";
import type { DbOrTx } from "../../db/client.js";
import { ConflictError, NotFoundError } from "../../graphql/errors.js";
import { sha256Hex } from "../../lib/hash.js";
import { InputValidator } from "../../lib/validation.js";
import { PURPOSES, type Principal, type Purpose } from "../../privacy/principal.js";
import { insertKey, insertPartner, revokeKey, selectKeyWithPartner, selectPartner, touchKey, updatePartner } from "./partner.queries.js";
import { partnerCapability, type ApiKeyRow, type PartnerAppRow } from "./partner.table.js";

const KEY_FORMAT = /^tsk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** Allowlist entries must name catalog fields (`Customer.phone`, `phone`, `Interaction.*`). */
function validateAllowlist(v: InputValidator, fields: string[]): string[] {
  return fields.map((raw) => {
    const entry = raw.trim().includes(".") ? raw.trim() : `Customer.${raw.trim()}`;
    const [type, field] = entry.split(".") as [string, string];
    const typeEntry = (CATALOG as Record<string, Record<string, unknown>>)[type];
    if (!typeEntry || (field !== "*" && !(field in typeEntry))) v.fail("fields", problem("NOT_A_CATALOG_FIELD", { value: raw }));
    return entry;
  });
}

function validateAccess(v: InputValidator, input: { purposes: string[]; fields: string[]; capabilities?: string[] }) {
  const bad = input.purposes.filter((p) => !(PURPOSES as readonly string[]).includes(p));
  if (!input.purposes.length) v.fail("purposes", problem("NO_PURPOSES"));
  if (bad.length) v.fail("purposes", problem("UNKNOWN_PURPOSE", { value: bad.join(", "), allowed: PURPOSES.join(", ") }));
  const fields = validateAllowlist(v, input.fields);
  v.oneOf("capabilities", input.capabilities, partnerCapability.enumValues);
  return { allowedPurposes: input.purposes as Purpose[], fieldAllowlist: fields, capabilities: (input.capabilities ?? []) as PartnerAppRow["capabilities"] };
}

/** A partner app's contract in the shape grant requests compare (grant.rules.ts). */
export function partnerAccess(row: Pick<PartnerAppRow, "allowedPurposes" | "fieldAllowlist" | "capabilities">) {
  return { purposes: [...row.allowedPurposes], fields: [...row.fieldAllowlist], capabilities: [...row.capabilities] };
}

/**
 * Replaces a partner app's purposes, fields and capabilities (and, with `approve`, activates an app
 * that awaited approval). Whether the change needs a second admin first is grant.service's call;
 * `validateOnly` checks the input and answers the row as it would be, writing nothing.
 */
export async function updatePartnerAccess(
  db: DbOrTx,
  partner: PartnerAppRow,
  input: { purposes: string[]; fields: string[]; capabilities?: string[] },
  by: AuditCollector,
  options: { validateOnly?: boolean; approve?: boolean } = {},
): Promise<PartnerAppRow> {
  const v = new InputValidator("");
  const access = validateAccess(v, input);
  v.done();
  if (options.validateOnly) return { ...partner, ...access };
  return db.transaction(async (tx) => {
    const updated = (await updatePartner(tx, partner.id, { ...access, ...(options.approve ? { awaitingApproval: false } : {}) }))!;
    await by.write(
      tx,
      adminAudit([
        { field: "partnerApp", before: partner.id, after: partner.id },
        { field: "allowedPurposes", before: partner.allowedPurposes, after: updated.allowedPurposes },
        { field: "fieldAllowlist", before: partner.fieldAllowlist, after: updated.fieldAllowlist },
        { field: "capabilities", before: partner.capabilities, after: updated.capabilities },
        ...(options.approve && partner.awaitingApproval ? [{ field: "awaitingApproval", before: true, after: false }] : []),
      ]),
    );
    return updated;
  });
}

/** Partner administration (apps, keys, webhooks) names no customer; the row says what changed on which app, key or webhook. */
export function adminAudit(changes: { field: string; before?: unknown; after?: unknown }[]) {
  return { action: "ADMIN" as const, customerIds: [], fields: [], changes: changes.map((c) => ({ field: c.field, before: c.before ?? null, after: c.after ?? null })) };
}

/** `by` records who did it (the system principal when omitted: CLI, demo). */
export async function createPartner(
  db: DbOrTx,
  input: { name: string; purposes: string[]; fields: string[]; capabilities?: string[]; awaitingApproval?: boolean },
  by: AuditCollector = systemAudit("createPartnerApp"),
): Promise<PartnerAppRow> {
  const v = new InputValidator("");
  v.text("name", input.name, { required: true, max: FIELD_LIMITS.PartnerApp.name });
  const access = validateAccess(v, input);
  v.done();
  if (await selectPartner(db, input.name.trim())) throw new ConflictError(`Partner app ${input.name} already exists`, { field: "name" });
  return db.transaction(async (tx) => {
    const created = await insertPartner(tx, { name: input.name.trim(), ...access, awaitingApproval: input.awaitingApproval ?? false });
    await by.write(
      tx,
      adminAudit([
        { field: "partnerApp", after: created.id },
        { field: "name", after: created.name },
        { field: "allowedPurposes", after: created.allowedPurposes },
        { field: "fieldAllowlist", after: created.fieldAllowlist },
        { field: "capabilities", after: created.capabilities },
      ]),
    );
    return created;
  });
}

/** Issues a key; the full key is returned once and only the sha-256 of its secret is stored. */
export async function issueKey(db: DbOrTx, partnerIdOrName: string, by: AuditCollector = systemAudit("createApiKey")): Promise<{ key: string; row: ApiKeyRow }> {
  const partner = await selectPartner(db, partnerIdOrName);
  if (!partner) throw new NotFoundError("Partner app", partnerIdOrName);
  const keyId = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  const row = await db.transaction(async (tx) => {
    const created = await insertKey(tx, { keyId, partnerId: partner.id, secretHash: sha256Hex(secret) });
    // The key id only: the secret never reaches the trail.
    await by.write(tx, adminAudit([{ field: "partnerApp", before: partner.id, after: partner.id }, { field: "apiKey", after: keyId }]));
    return created;
  });
  return { key: `tsk_${keyId}_${secret}`, row };
}

export async function revokeApiKey(db: DbOrTx, keyId: string, by: AuditCollector = systemAudit("revokeApiKey")): Promise<ApiKeyRow> {
  return db.transaction(async (tx) => {
    const row = await revokeKey(tx, keyId);
    if (!row) throw new NotFoundError("API key", keyId);
    await by.write(tx, adminAudit([{ field: "apiKey", before: keyId, after: keyId }, { field: "revokedAt", after: row.revokedAt }]));
    return row;
  });
}

/** The partner principal of a valid, unrevoked key; undefined for anything else. */
/** touchKey's interval (partner.queries.ts). */
const KEY_TOUCH_INTERVAL_MS = 60_000;

export async function authenticateApiKey(db: DbOrTx, key: string): Promise<Principal | undefined> {
  const match = KEY_FORMAT.exec(key);
  if (!match) return undefined;
  const found = await selectKeyWithPartner(db, match[1]!);
  // An app still awaiting a second admin's approval (four eyes) has no access yet.
  if (!found || found.key.revokedAt || found.partner.awaitingApproval) return undefined;
  const expected = Buffer.from(found.key.secretHash, "hex");
  const actual = Buffer.from(sha256Hex(match[2]!), "hex");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  // Last-used is bookkeeping: never let it slow or fail the request. It moves at most once a
  // minute (touchKey), which the row just read already tells: no statement within the minute.
  if (!found.key.lastUsedAt || Date.now() - found.key.lastUsedAt.getTime() >= KEY_TOUCH_INTERVAL_MS) touchKey(db, found.key.id).catch(() => {});
  return partnerPrincipal(found.partner, found.key.keyId);
}

/** The principal a partner app acts as: through one of its keys, or (keyId "outbound") as the recipient of webhook deliveries. */
export function partnerPrincipal(partner: PartnerAppRow, keyId: string): Principal & { kind: "PARTNER" } {
  return {
    kind: "PARTNER",
    id: keyId,
    name: partner.name,
    partnerId: partner.id,
    keyId,
    allowedPurposes: partner.allowedPurposes,
    fieldAllowlist: partner.fieldAllowlist,
    capabilities: partner.capabilities,
  };
}
