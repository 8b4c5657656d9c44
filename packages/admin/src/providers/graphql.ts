import type { TypedDocumentString } from "../generated/graphql";
import { currentSession } from "./session";

/** Where the console sends GraphQL: same origin in production (the API serves the console), proxied by `vite dev`. */
export const GRAPHQL_URL: string = import.meta.env.VITE_GRAPHQL_URL ?? "/graphql";

/** A field-level problem from `extensions.problems` of a BAD_USER_INPUT error, e.g. `{ field: "input.phone" }`. */
export interface FieldProblem {
  field: string;
  message: string;
  /** The problem's code and parameters (@tessera/schema/problems): the console shows them in its language. */
  code?: string;
  params?: Record<string, string | number>;
}

/** The API's stable error codes (SPEC §6), plus NETWORK for a request that never got a GraphQL answer. */
export type GraphqlErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "PURPOSE_REQUIRED"
  | "PURPOSE_NOT_ALLOWED"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "QUERY_TOO_COMPLEX"
  | "UNAVAILABLE"
  | "INTERNAL"
  | "NETWORK";

interface GraphqlErrorPayload {
  message: string;
  extensions?: { code?: string; field?: string; problems?: FieldProblem[]; [key: string]: unknown };
}

/** A failed GraphQL request, carrying the first error's code and message and every field problem. */
export class GraphqlError extends Error {
  override readonly name = "GraphqlError";
  constructor(
    message: string,
    readonly code: GraphqlErrorCode,
    readonly status: number,
    readonly extensions: Record<string, unknown> = {},
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/**
 * Headers every request carries: the one place credentials are attached. Console users run
 * under the SERVICE purpose, the API's default for them; a purpose picker would add X-Purpose here.
 */
function requestHeaders(anonymous: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  const session = anonymous ? undefined : currentSession();
  if (session) headers.authorization = `Bearer ${session.token}`;
  return headers;
}

/** Why the API masked or withheld a field (SPEC §4.4). */
export type RedactionReason = "MASKED_BY_ROLE" | "NOT_IN_SCOPE" | "NO_CONSENT" | "RESTRICTED" | "ERASED";

/** One entry of `extensions.redactions`: a field (`Customer.nationalId`) the response masked or withheld. */
export interface Redaction {
  field: string;
  reason: RedactionReason;
  count: number;
}

export interface GraphqlResult<TResult> {
  data: TResult;
  /** What the API masked or withheld in this response, so pages can show it as the role sees it. */
  redactions: Redaction[];
}

export interface FetchOptions {
  signal?: AbortSignal;
  /** Send no credentials (login: a stale token must not block it). */
  anonymous?: boolean;
}

/** Sends one typed operation to the API; any GraphQL error rejects with a GraphqlError. */
export async function fetchGraphql<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: FetchOptions = {},
): Promise<TResult> {
  return (await fetchGraphqlResult(document, variables, options)).data;
}

/** fetchGraphql, also answering the response's `extensions.redactions`. */
export async function fetchGraphqlResult<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: FetchOptions = {},
): Promise<GraphqlResult<TResult>> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: "POST",
      headers: requestHeaders(options.anonymous ?? false),
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new GraphqlError("ra.notification.http_error", "NETWORK", 0);
  }
  let body: { data?: unknown; errors?: GraphqlErrorPayload[]; extensions?: { redactions?: Redaction[] } };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new GraphqlError(`The API answered ${response.status} ${response.statusText} without GraphQL`, "NETWORK", response.status || 0);
  }
  const [first] = body.errors ?? [];
  if (first) {
    const code = (first.extensions?.code ?? "INTERNAL") as GraphqlErrorCode;
    const problems = body.errors!.flatMap((e) => e.extensions?.problems ?? []);
    throw new GraphqlError(first.message, code, statusOf(code, response.status), first.extensions ?? {}, problems);
  }
  if (body.data == null) throw new GraphqlError("The API answered without data", "INTERNAL", response.status);
  return { data: body.data as TResult, redactions: body.extensions?.redactions ?? [] };
}

export type FetchGraphql = typeof fetchGraphql;
export type FetchGraphqlResult = typeof fetchGraphqlResult;

// The HTTP status react-admin (and later the auth provider's checkError) reasons with.
function statusOf(code: GraphqlErrorCode, httpStatus: number): number {
  switch (code) {
    case "UNAUTHENTICATED":
      return 401;
    case "FORBIDDEN":
    case "PURPOSE_REQUIRED":
    case "PURPOSE_NOT_ALLOWED":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "BAD_USER_INPUT":
    case "QUERY_TOO_COMPLEX":
      return 400;
    case "CONFLICT":
      return 409;
    case "RATE_LIMITED":
      return 429;
    case "UNAVAILABLE":
      return 503;
    default:
      return httpStatus >= 400 ? httpStatus : 500;
  }
}
