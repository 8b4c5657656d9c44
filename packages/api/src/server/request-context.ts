import type { IncomingMessage } from "node:http";
import type { Database } from "../db/client.js";
import { createContext, type Context } from "../graphql/context.js";
import { BadInputError } from "../graphql/errors.js";
import { PURPOSES, SYSTEM_PRINCIPAL, type Purpose } from "../privacy/principal.js";

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads `X-Purpose`; console users default to SERVICE. */
export function purposeOf(req: IncomingMessage): Purpose | undefined {
  const raw = header(req, "x-purpose")?.trim().toUpperCase();
  if (!raw) return undefined;
  if (!(PURPOSES as readonly string[]).includes(raw)) {
    throw BadInputError.field("X-Purpose", `unknown purpose "${raw}"; one of ${PURPOSES.join(", ")}`);
  }
  return raw as Purpose;
}

/** Builds the per-request context: the principal and purpose are decided here and nowhere else. */
export async function buildRequestContext(database: Database, req: IncomingMessage, requestId: string): Promise<Context> {
  const purpose = purposeOf(req) ?? "SERVICE";
  return createContext(database.db, SYSTEM_PRINCIPAL, purpose, requestId);
}
