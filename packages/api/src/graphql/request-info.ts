import type { GraphQLFormattedError } from "graphql";
import type { Context } from "./context.js";
import { ErrorCode, HTTP_STATUS } from "./errors.js";

/**
 * What the HTTP layer logs and measures about one request, filled in as it is learnt: the
 * principal and purpose when the context is built, the operation once resolved, the error code
 * when the response is ready. Never a personal value.
 */
export interface RequestInfo {
  requestId: string;
  /** Aborted when the request's deadline passes (or the client goes away). */
  signal: AbortSignal;
  principalKind?: string;
  purpose?: string;
  /** The client's operation name (truncated), else the root fields. */
  operation?: string;
  /** `query customers`: operation type and first root field, a bounded label for metrics. */
  operationLabel?: string;
  errorCode?: string;
  /** Frees the request's database slot (server/admission.ts). */
  release?: () => void;
}

// A symbol-keyed property rather than a WeakMap: Apollo hands plugins a shallow copy of the context.
const INFO = Symbol("tessera.requestInfo");

export function attachRequestInfo(ctx: Context, info: RequestInfo) {
  (ctx as unknown as Record<symbol, RequestInfo>)[INFO] = info;
}

export function requestInfoOf(ctx: Context): RequestInfo | undefined {
  return (ctx as unknown as Record<symbol, RequestInfo | undefined>)[INFO];
}

/**
 * The first error's code, and the HTTP status an answer without data should carry. An answer
 * whose root fields are all null (e.g. `{ customer: null }` because the database went away while
 * resolving it) has no data either: it gets the same 503 as a failure before execution, so a
 * client or load balancer retries it rather than reading `null` as "no such customer".
 */
export function statusForErrors(errors: readonly GraphQLFormattedError[] | undefined, data: Record<string, unknown> | null | undefined): { code?: string; status?: number; retryAfter?: number } {
  const first = errors?.[0];
  if (!first) return {};
  const code = typeof first.extensions?.code === "string" ? first.extensions.code : undefined;
  const retryAfter = typeof first.extensions?.retryAfter === "number" ? first.extensions.retryAfter : undefined;
  if (data && Object.values(data).some((value) => value != null)) return { code };
  // Only these two change a GraphQL answer's status: a client retries them (Retry-After).
  if (code === ErrorCode.UNAVAILABLE || code === ErrorCode.RATE_LIMITED) return { code, status: HTTP_STATUS[code], retryAfter };
  return { code };
}
