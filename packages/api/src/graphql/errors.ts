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


/** An expected failure with a stable code; services throw these, the formatter passes them through. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Bad input: `extensions.field` names the first offending field, `extensions.problems` lists all. */
export class BadInputError extends AppError {
  constructor(problems: FieldProblem[]) {
    const first = problems[0]!;
    const message = problems.length === 1 ? `${first.field}: ${first.message}` : `Invalid input: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`;
    super(ErrorCode.BAD_USER_INPUT, message, { field: first.field, problems });
  }
  static field(field: string, message: string) {
    return new BadInputError([{ field, message }]);
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

/**
 * Apollo's formatError: known codes pass through; request errors map to BAD_USER_INPUT;
 * anything else is an unexpected fault, logged server-side and answered as INTERNAL with no
 * message, stack or SQL text (drivers put SQL and values into their messages).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? "");
  const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
  if (KNOWN.has(code)) return { ...formatted, extensions };
  const mapped = REQUEST_ERROR_CODES[code];
  if (mapped) return { ...formatted, extensions: { ...extensions, code: mapped } };
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  // Two writers racing for one identifier: the database's exclusion constraint decided (any write path).
  if (isIdentifierOverlap(original)) return { message: IDENTIFIER_OVERLAP_MESSAGE, path: formatted.path, extensions: { code: ErrorCode.CONFLICT } };
  logger.error({ err: safeErrorSummary(original), path: formatted.path }, "unexpected error");
  return { message: "Internal server error", path: formatted.path, extensions: { code: ErrorCode.INTERNAL } };
}

