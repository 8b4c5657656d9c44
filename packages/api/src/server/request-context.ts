import type { IncomingMessage } from "node:http";
import { GraphQLError } from "graphql";
import type { Database } from "../db/client.js";
import { createContext, type Context } from "../graphql/context.js";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { ErrorCode, HTTP_STATUS, mapDatabaseError } from "../graphql/errors.js";
import { attachRequestInfo, type RequestInfo } from "../graphql/request-info.js";
import type { Admission } from "./admission.js";
import type { PrincipalCache } from "./principal-cache.js";
import { consumeRateLimit, rateLimitKey } from "./rate-limit.js";
import { authenticateApiKey } from "../modules/partner/partner.service.js";
import { authenticateSession } from "../modules/user/user.service.js";
import { ANONYMOUS, PURPOSES, type Principal, type Purpose } from "../privacy/principal.js";
import type { TokenService } from "../privacy/tokens.js";

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function requestError(code: ErrorCode, message: string) {
  return new GraphQLError(message, { extensions: { code, http: { status: HTTP_STATUS[code] } } });
}

/** Who is calling: a partner API key (`tsk_…`), a console session token, or nobody. */
async function authenticate(database: Database, tokens: TokenService, req: IncomingMessage, principals: PrincipalCache): Promise<Principal> {
  const authorization = header(req, "authorization");
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw requestError(ErrorCode.UNAUTHENTICATED, "Authorization must be 'Bearer <session token or API key>'");
  const credential = match[1]!;
  if (credential.startsWith("tsk_")) {
    const partner = await principals.resolve(credential, () => authenticateApiKey(database.db, credential));
    if (!partner) throw requestError(ErrorCode.UNAUTHENTICATED, "Unknown or revoked API key");
    return partner;
  }
  const claims = await tokens.verify(credential);
  // The token's signature and expiry are checked on every request (tokens.verify); the user's state per moment.
  const user = claims && (await principals.resolve(`${claims.userId}:${claims.sessionVersion}`, () => authenticateSession(database.db, claims)));
  if (!user) throw requestError(ErrorCode.UNAUTHENTICATED, "Invalid or expired session token; log in again");
  return user;
}

/** The purpose of the request (SPEC §4.2): required for partners and within their contract. */
function purposeFor(principal: Principal, req: IncomingMessage): Purpose {
  const raw = header(req, "x-purpose")?.trim().toUpperCase();
  if (raw && !(PURPOSES as readonly string[]).includes(raw)) {
    throw requestError(ErrorCode.BAD_USER_INPUT, `Unknown purpose "${raw}" in X-Purpose; one of ${PURPOSES.join(", ")}`);
  }
  if (principal.kind !== "PARTNER") return (raw as Purpose | undefined) ?? "SERVICE";
  if (!raw) throw requestError(ErrorCode.PURPOSE_REQUIRED, "Partner requests must declare a purpose in the X-Purpose header");
  if (!principal.allowedPurposes.includes(raw as Purpose)) {
    throw requestError(ErrorCode.PURPOSE_NOT_ALLOWED, `Purpose ${raw} is not allowed for ${principal.name}; allowed: ${principal.allowedPurposes.join(", ")}`);
  }
  return raw as Purpose;
}

export interface RequestGuards {
  /** Per API key / user / client address budget; undefined when rate limiting is off. */
  limiter?: RateLimiterAbstract;
  /** The fair share of database slots. */
  admission: Admission;
  /** Who each credential is, remembered for a moment. */
  principals: PrincipalCache;
}

/**
 * Builds the per-request context: the principal and purpose are decided here and nowhere else.
 * The caller's rate-limit point is spent and a database slot is taken (freed by the HTTP layer
 * through `info.release` when the answer is sent).
 */
export async function buildRequestContext(database: Database, tokens: TokenService, req: IncomingMessage, info: RequestInfo, guards: RequestGuards): Promise<Context> {
  try {
    const principal = await authenticate(database, tokens, req, guards.principals);
    info.principalKind = principal.kind;
    const purpose = purposeFor(principal, req);
    info.purpose = purpose;
    const key = rateLimitKey(principal, req);
    await consumeRateLimit(guards.limiter, key);
    info.release = await guards.admission.enter(key, info.signal);
    const ctx = createContext({ db: database.db, principal, purpose, requestId: info.requestId, tokens });
    attachRequestInfo(ctx, info);
    return ctx;
  } catch (error) {
    if (error instanceof GraphQLError) {
      info.errorCode ??= String(error.extensions?.code ?? ErrorCode.INTERNAL);
      throw error;
    }
    // Authentication reads the database: when it is down the answer is UNAVAILABLE with 503, not a 500.
    const mapped = mapDatabaseError(error);
    info.errorCode ??= mapped?.code ?? ErrorCode.INTERNAL;
    if (!mapped) throw error;
    throw new GraphQLError(mapped.message, { extensions: { ...mapped.extensions, code: mapped.code, http: { status: HTTP_STATUS[mapped.code] } } });
  }
}
