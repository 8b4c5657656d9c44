import type { Problem } from "@tessera/schema/problems";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { logger, safeErrorSummary } from "../lib/logger.js";
import { IDENTIFIER_OVERLAP_MESSAGE, isIdentifierOverlap } from "../modules/identity/identity.errors.js";

/** The error codes of SPEC §6: the only values `extensions.code` ever takes. */
export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  PURPOSE_REQUIRED: "PURPOSE_REQUIRED",
  PURPOSE_NOT_ALLOWED: "PURPOSE_NOT_ALLOWED",
  NOT_FOUND: "NOT_FOUND",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  QUERY_TOO_COMPLEX: "QUERY_TOO_COMPLEX",
  UNAVAILABLE: "UNAVAILABLE",
  INTERNAL: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The HTTP status of a request refused as a whole with this code (before any field ran, or on the
 * console's data routes). A GraphQL answer with data keeps 200 whatever its field errors say.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PURPOSE_REQUIRED: 400,
  PURPOSE_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** HTTP_STATUS for a code read off an error's extensions (400 for anything unknown). */
export function httpStatusOf(code: string): number {
  return HTTP_STATUS[code as ErrorCode] ?? 400;
}


/** An expected failure with a stable code; services throw these, the formatter passes them through. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

/**
 * One problem with one input field. `code` and `params` (@tessera/schema/problems) let a client
 * show it in its own language; `message` is the English sentence built from them.
 */
export type FieldProblem = Problem & { field: string };

/** Bad input: `extensions.field` names the first offending field, `extensions.problems` lists all. */
export class BadInputError extends AppError {
  constructor(problems: FieldProblem[]) {
    const first = problems[0]!;
    const message = problems.length === 1 ? `${first.field}: ${first.message}` : `Invalid input: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`;
    super(ErrorCode.BAD_USER_INPUT, message, { field: first.field, problems });
  }
  static field(field: string, problem: Problem) {
    return new BadInputError([{ field, ...problem }]);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${what} ${id} not found`, { id });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, extensions);
  }
}

// graphql-js and Apollo codes for malformed requests, mapped onto ours.
const REQUEST_ERROR_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.BAD_USER_INPUT,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.BAD_USER_INPUT,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_FOUND: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.BAD_USER_INPUT,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BAD_USER_INPUT,
};
const KNOWN = new Set<string>(Object.values(ErrorCode));

/** Connection-level failures of postgres.js and node's sockets: the database cannot be reached now. */
const CONNECTION_ERRORS = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE",
  "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED",
]);

interface Mapped {
  code: ErrorCode;
  message: string;
  extensions?: Record<string, unknown>;
}

/**
 * Database failures that are not bugs, by SQLSTATE class or socket error, mapped in this one place
 * (services need not catch them): unreachable or overloaded → UNAVAILABLE, the statement timeout →
 * UNAVAILABLE with reason DEADLINE_EXCEEDED, a concurrent duplicate → CONFLICT, a value the column
 * cannot hold → BAD_USER_INPUT. Messages never carry the driver's text (it holds SQL and values).
 */
export function mapDatabaseError(error: unknown): Mapped | undefined {
  for (let e = error as { code?: unknown; cause?: unknown; constraint_name?: unknown; constraint?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === "string" ? e.code : undefined;
    if (!code) continue;
    if (CONNECTION_ERRORS.has(code) || code.startsWith("08") || ["57P01", "57P02", "57P03", "53300", "53400"].includes(code)) {
      return { code: ErrorCode.UNAVAILABLE, message: "The database is unavailable; retry shortly", extensions: { retryAfter: 5 } };
    }
    if (code === "57014") return { code: ErrorCode.UNAVAILABLE, message: "The request took too long and was cancelled", extensions: { reason: "DEADLINE_EXCEEDED" } };
    if (code === "23505") {
      const constraint = String(e.constraint_name ?? e.constraint ?? "") || undefined;
      return { code: ErrorCode.CONFLICT, message: "A record with the same unique key already exists (written concurrently?)", extensions: { constraint } };
    }
    if (code === "40001" || code === "40P01") return { code: ErrorCode.CONFLICT, message: "A concurrent change got in the way; retry the request" };
    if (code.startsWith("22")) return { code: ErrorCode.BAD_USER_INPUT, message: "A value is out of range or not valid for its field" };
    if (code === "54001") return { code: ErrorCode.QUERY_TOO_COMPLEX, message: "The request is too complex for the database" };
  }
  return undefined;
}

/**
 * Apollo's formatError: known codes pass through; request errors map to BAD_USER_INPUT;
 * anything else is an unexpected fault, logged server-side and answered as INTERNAL with no
 * message, stack or SQL text (drivers put SQL and values into their messages).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? "");
  const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
  if (KNOWN.has(code)) return { ...formatted, extensions };
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  // graphql-armor's limits come back as validation errors carrying our code on the original.
  if ((original as GraphQLError | undefined)?.extensions?.code === ErrorCode.QUERY_TOO_COMPLEX) {
    return { message: formatted.message, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
  }
  // graphql-js stops parsing at QUERY_SHAPE_LIMITS.tokens (graphql/apollo.ts): a limit, not a typo.
  if (code === "GRAPHQL_PARSE_FAILED" && /Document contains more tha[nt] \d+ tokens/.test(formatted.message)) {
    return { message: formatted.message.replace(/^Syntax Error: /, ""), extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
  }
  const mapped = REQUEST_ERROR_CODES[code];
  if (mapped) return { ...formatted, extensions: { ...extensions, code: mapped } };
  // Two writers racing for one identifier: the database's exclusion constraint decided (any write path).
  if (isIdentifierOverlap(original)) return { message: IDENTIFIER_OVERLAP_MESSAGE, path: formatted.path, extensions: { code: ErrorCode.CONFLICT } };
  const database = mapDatabaseError(original);
  if (database) {
    if (database.code === ErrorCode.UNAVAILABLE) logger.warn({ err: safeErrorSummary(original), path: formatted.path }, "database unavailable");
    return { message: database.message, path: formatted.path, extensions: { ...database.extensions, code: database.code } };
  }
  logger.error({ err: safeErrorSummary(original), path: formatted.path }, "unexpected error");
  return { message: "Internal server error", path: formatted.path, extensions: { code: ErrorCode.INTERNAL } };
}

