import { problem } from "@tessera/schema/problems";
import { diffForAudit } from "../../audit/audit.collector.js";
import type { Context } from "../../graphql/context.js";
import { BadInputError, ConflictError, NotFoundError } from "../../graphql/errors.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import { requireCustomer } from "../customer/customer.service.js";
import { IDENTIFIER_OVERLAP_MESSAGE, isIdentifierOverlap } from "./identity.errors.js";
import type { AddIdentifierInput } from "./identity.inputs.js";
import { insertIdentifierReturning, selectIdentifierById, updateIdentifierValidTo } from "./identity.queries.js";
import type { IdentifierRow } from "./identity.table.js";

type IdentifierTypeName = IdentifierRow["type"];

/** Identifier values are stored normalised (E.164 numbers, lower-case e-mail): lookups and writes agree. */
export function normaliseIdentifierValue(v: InputValidator, field: string, type: IdentifierTypeName, value: string): string {
  if (type === "MSISDN") return v.msisdn(field, value);
  if (type === "EMAIL") return v.email(field, value);
  v.text(field, value, { required: true, max: 200 });
  return value.trim();
}

const FOR_PROFILE: Partial<Record<IdentifierTypeName, "phone" | "email">> = { MSISDN: "phone", EMAIL: "email" };

/** The database's exclusion constraint is the guarantee; its violation is the caller's CONFLICT. */
async function mapOverlap<T>(field: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isIdentifierOverlap(error)) throw new ConflictError(IDENTIFIER_OVERLAP_MESSAGE, { field });
    throw error;
  }
}

/** The identifier as it leaves the API: masked for this principal, and noted as a read of its customer. */
function present(ctx: Context, row: IdentifierRow, customer: { id: string; erasedAt: Date | null; processingRestricted: boolean }) {
  ctx.audit.read([customer.id]);
  return ctx.policy.shape("Identifier", row, customer);
}

/** Gives a customer an identifier for a window; another holder in an overlapping window is CONFLICT. */
export async function addIdentifier(ctx: Context, input: AddIdentifierInput) {
  const v = new InputValidator("input");
  if (!isUuid(input.customerId)) v.fail("customerId", problem("INVALID_ID"));
  const type = input.type as IdentifierTypeName;
  const value = normaliseIdentifierValue(v, "value", type, input.value);
  v.text("source", input.source, { max: 50 });
  if (input.validFrom && input.validTo && input.validTo <= input.validFrom) v.fail("validTo", problem("NOT_AFTER", { other: "validFrom" }));
  if (!input.validFrom && input.validTo && input.validTo <= new Date()) v.fail("validTo", problem("VALID_TO_NOT_IN_FUTURE"));
  v.done();
  const customer = await requireCustomer(ctx, input.customerId);
  const row = await mapOverlap("input.value", () =>
    ctx.db.transaction(async (tx) => {
      const created = await insertIdentifierReturning(tx, {
        customerId: customer.id,
        type,
        value,
        ...(input.validFrom ? { validFrom: input.validFrom } : {}),
        validTo: input.validTo ?? null,
        source: input.source?.trim() || "STEWARD",
      });
      const changes = diffForAudit("Identifier", undefined, { type, value, validFrom: created.validFrom, validTo: created.validTo, source: created.source });
      await ctx.audit.write(tx, { action: "CREATE", customerIds: [customer.id], fields: ["Identifier.value"], changes });
      return created;
    }),
  );
  return present(ctx, row, customer);
}

/**
 * Ends an identifier's window (the number was released, the account closed). Closing never
 * extends a window, and the profile's current phone and e-mail are changed through
 * updateCustomer, which keeps the profile and the timeline in step.
 */
export async function closeIdentifier(ctx: Context, id: string, validTo?: Date) {
  if (!isUuid(id)) throw BadInputError.field("id", problem("INVALID_ID"));
  const row = await selectIdentifierById(ctx.db, id);
  // An identifier of a customer this principal cannot see does not exist for it.
  const customer = row && (await requireCustomer(ctx, row.customerId).catch(() => undefined));
  if (!row || !customer) throw new NotFoundError("Identifier", id);
  const end = validTo ?? new Date();
  if (end < row.validFrom) throw BadInputError.field("validTo", problem("BEFORE_WINDOW_START", { start: row.validFrom.toISOString() }));
  if (row.validTo && end > row.validTo) throw new ConflictError(`The identifier was already closed at ${row.validTo.toISOString()}; closing does not extend a window`, { field: "validTo" });
  const profileField = FOR_PROFILE[row.type];
  if (profileField && !row.validTo && customer[profileField] === row.value) {
    throw new ConflictError(`This is the customer's current ${profileField}: change it with updateCustomer, which closes this window`, { field: "id" });
  }
  const updated = await mapOverlap("validTo", () =>
    ctx.db.transaction(async (tx) => {
      const closed = await updateIdentifierValidTo(tx, id, validTo);
      const changes = diffForAudit("Identifier", { validTo: row.validTo }, { validTo: closed.validTo });
      await ctx.audit.write(tx, { action: "UPDATE", customerIds: [customer.id], fields: ["Identifier.validTo"], changes });
      return closed;
    }),
  );
  return present(ctx, updated, customer);
}
