import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "../config/env.js";
import type { Database } from "../db/client.js";
import { migrationStatus } from "../db/migrate.js";
import type { Context } from "../graphql/context.js";
import { ErrorCode } from "../graphql/errors.js";
import type { RequestInfo } from "../graphql/request-info.js";
import type { TokenService } from "../privacy/tokens.js";
import { logger, safeErrorSummary } from "../lib/logger.js";
import { traceRequest, type SpanFacts } from "../lib/tracing.js";
import { adminDistDir } from "../lib/paths.js";
import { Admission } from "./admission.js";
import { handleDataRoute } from "./data-routes.js";
import { applyCors, sendCompressible, setBaseSecurityHeaders } from "./http-extras.js";
import { graphqlDuration, graphqlErrors, registerLiveGauges, registry, requestsTotal } from "./metrics.js";
import { createRateLimiter } from "./rate-limit.js";
import { PrincipalCache } from "./principal-cache.js";
import { buildRequestContext } from "./request-context.js";
import { serveStatic } from "./static.js";

const API_ROUTES = new Set(["/graphql", "/healthz", "/readyz", "/metrics"]);
/** The console's import and export (data-routes.ts). */
const DATA_ROUTE = /^\/(import|export)\//;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** While draining, the listener closes once no request has been in flight for this long. */
const QUIET_MS = 1_000;
/** A body past this is not even read to the end: the connection is closed after the 413. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export interface HttpServerOptions {
  /** Shared store for several replicas; default: in-process, TESSERA_RATE_LIMIT_PER_MINUTE. */
  rateLimiter?: RateLimiterAbstract | null;
  /** Default: TESSERA_REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
  /** Default: TESSERA_CORS_ORIGINS. */
  corsOrigins?: readonly string[];
  /** Concurrent GraphQL requests on the database; default: 4 on PGlite, 2 × the pool on PostgreSQL. */
  databaseSlots?: number;
  /** How long a checked credential is remembered (server/principal-cache.ts); default: TESSERA_AUTH_CACHE_MS. */
  authCacheMs?: number;
}

export interface HttpServer extends Server {
  /** Requests being answered now. */
  inFlight(): number;
  /**
   * Graceful shutdown: /readyz answers 503 at once; once every request has been answered and none
   * came for a moment, the listener and idle connections close and the promise resolves true
   * (false if `timeoutMs` passed first).
   */
  drain(timeoutMs: number): Promise<boolean>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads the body up to MAX_BODY_BYTES. A bigger body is read on (and thrown away) up to
 * MAX_DRAIN_BYTES so the client gets its 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, ErrorCode.BAD_USER_INPUT, `Request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`));
      else resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return res.end();
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

const errorBody = (code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) => ({ errors: [{ message, extensions: { code, ...extensions } }] });

async function handleGraphql(
  apollo: ApolloServer<Context>,
  req: IncomingMessage,
  res: ServerResponse,
  info: RequestInfo,
  principals: PrincipalCache,
  context: () => Promise<Context>,
) {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  const raw = req.method === "POST" ? await readBody(req) : "";
  let body: unknown = raw;
  if (raw && headers.get("content-type")?.includes("application/json")) {
    try {
      body = JSON.parse(raw);
    } catch {
      info.errorCode = ErrorCode.BAD_USER_INPUT;
      return json(res, 400, errorBody(ErrorCode.BAD_USER_INPUT, "Request body is not valid JSON"));
    }
  }
  const url = new URL(req.url ?? "/", "http://localhost");
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
    context,
  });
  // A mutation may have changed someone's access: its caller's next request must not meet a
  // remembered principal, even before the database's announcement reaches this process.
  if (info.operationLabel?.startsWith("mutation ")) principals.forget();
  // The deadline answered already: this late result is dropped (its transaction is done either way).
  if (res.headersSent || res.writableEnded) return;
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (res.statusCode >= 400 && !info.errorCode) info.errorCode = ErrorCode.BAD_USER_INPUT;
  if (response.body.kind === "complete") return sendCompressible(req, res, Buffer.from(response.body.string));
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export function createHttpServer(apollo: ApolloServer<Context>, database: Database, tokens: TokenService, options: HttpServerOptions = {}): HttpServer {
  const config = env();
  const adminRoot = adminDistDir();
  const limiter = options.rateLimiter === undefined ? createRateLimiter(config.TESSERA_RATE_LIMIT_PER_MINUTE) : (options.rateLimiter ?? undefined);
  const timeoutMs = options.requestTimeoutMs ?? config.TESSERA_REQUEST_TIMEOUT_MS;
  const corsOrigins = options.corsOrigins ?? config.TESSERA_CORS_ORIGINS;
  const slots = options.databaseSlots ?? (database.driver === "pglite" ? 4 : 2 * database.poolSize);
  const admission = new Admission(slots, Math.max(1, Math.ceil(slots / 2)));
  const principals = new PrincipalCache(options.authCacheMs ?? config.TESSERA_AUTH_CACHE_MS);
  void principals.watch(database);
  const guards = { limiter, admission, principals };
  let inFlight = 0;
  let lastActivity = performance.now();
  let draining = false;
  registerLiveGauges({ admission: () => admission.stats, poolSize: database.poolSize, inFlight: () => inFlight });

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    // Span names stay a bounded set: the API routes, and one name for everything the console serves.
    const name = `${req.method ?? "GET"} ${API_ROUTES.has(path) ? path : DATA_ROUTE.test(path) ? path.replace(/[^/]+$/, ":entity") : "(console)"}`;
    void traceRequest(req, name, (facts) => handle(req, res, path, facts));
  }) as HttpServer;

  /** Answers one request and tells its trace span what the request log records. */
  async function handle(req: IncomingMessage, res: ServerResponse, path: string, facts: SpanFacts): Promise<unknown> {
    inFlight++;
    const started = performance.now();
    const requestId = (req.headers["x-request-id"] as string | undefined)?.replace(/[^\w.:-]/g, "").slice(0, 100) || randomUUID();
    // Probes do not keep a draining server alive; real requests do.
    const probe = path === "/readyz" || path === "/healthz" || path === "/metrics";
    if (!probe) lastActivity = started;
    const deadline = new AbortController();
    const info: RequestInfo = { requestId, signal: deadline.signal };
    let route = "static";
    setBaseSecurityHeaders(res);
    res.setHeader("x-request-id", requestId);
    if (draining) res.setHeader("connection", "close");
    try {
      if (path === "/graphql") {
        route = "graphql";
        if (applyCors(req, res, corsOrigins)) return;
        const timer = setTimeout(() => {
          info.errorCode = ErrorCode.UNAVAILABLE;
          json(res, 503, errorBody(ErrorCode.UNAVAILABLE, `The request did not finish within ${timeoutMs} ms and was cut off`, { reason: "DEADLINE_EXCEEDED", limitMs: timeoutMs }));
          deadline.abort(new HttpError(503, ErrorCode.UNAVAILABLE, "deadline exceeded"));
        }, timeoutMs);
        try {
          await handleGraphql(apollo, req, res, info, principals, () => buildRequestContext(database, tokens, req, info, guards));
        } finally {
          clearTimeout(timer);
          info.release?.();
        }
      } else if (path === "/healthz") {
        route = "healthz";
        json(res, 200, { status: "ok" });
      } else if (path === "/readyz") {
        route = "readyz";
        if (draining) return json(res, 503, { status: "shutting down", database: database.driver });
        try {
          await database.ping();
          const { applied, expected } = await migrationStatus(database);
          const ready = applied >= expected;
          json(res, ready ? 200 : 503, { status: ready ? "ready" : "migrations pending", database: database.driver, migrations: { applied, expected } });
        } catch {
          json(res, 503, { status: "database unreachable", database: database.driver });
        }
      } else if (path === "/metrics") {
        route = "metrics";
        res.setHeader("content-type", registry.contentType);
        await sendCompressible(req, res, Buffer.from(await registry.metrics()));
      } else if (DATA_ROUTE.test(path)) {
        route = path.startsWith("/import/") ? "import" : "export";
        try {
          if (!(await handleDataRoute(req, res, path, info, { database, tokens, apollo, guards }))) json(res, 404, { error: "not found" });
        } finally {
          info.release?.();
        }
      } else if (!(await serveStatic(adminRoot, req, res))) {
        json(res, 404, { error: "not found", hint: "the console is not built: run `pnpm build`" });
      }
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      if (status >= 500) logger.error({ requestId, err: safeErrorSummary(error) }, "request failed");
      const code = error instanceof HttpError ? error.code : status < 500 ? ErrorCode.BAD_USER_INPUT : ErrorCode.INTERNAL;
      info.errorCode ??= code;
      const message = status < 500 ? (error as Error).message : "Internal server error";
      json(res, status, errorBody(code, message), status === 413 ? { connection: "close" } : {});
    } finally {
      const ms = performance.now() - started;
      if (route !== "healthz" && route !== "metrics") {
        // SPEC §9: request id, operation, principal kind, purpose, status, error code, ms — never a personal value.
        logger.info(
          { requestId, method: req.method, route, operation: info.operation, principal: info.principalKind, purpose: info.purpose, status: res.statusCode, code: info.errorCode, ms: Math.round(ms) },
          "request",
        );
      }
      requestsTotal.inc({ route, status: String(res.statusCode), code: info.errorCode ?? "" });
      Object.assign(facts, {
        status: res.statusCode,
        "tessera.request_id": requestId,
        ...(info.operation && { "graphql.operation.name": info.operation }),
        ...(info.principalKind && { "tessera.principal_kind": info.principalKind }),
        ...(info.purpose && { "tessera.purpose": info.purpose }),
        ...(info.errorCode && { "tessera.error_code": info.errorCode }),
      });
      if (route === "graphql") {
        graphqlDuration.observe({ operation: info.operationLabel ?? "unknown" }, ms / 1000);
        if (info.errorCode) graphqlErrors.inc({ code: info.errorCode });
      }
      inFlight--;
      if (!probe) lastActivity = performance.now();
    }
  }

  // A request line or header that node cannot parse: answer 400 instead of dropping the socket.
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });

  server.on("close", () => void principals.close());
  server.inFlight = () => inFlight;
  server.drain = (drainTimeoutMs: number) => {
    // Keep listening until no request has been in flight for QUIET_MS: load balancers and probes see
    // /readyz 503 (not a refused connection) and stop sending, and a request already on its way is
    // still answered. Every answer from now on says `connection: close`.
    draining = true;
    lastActivity = performance.now(); // linger at least QUIET_MS: requests on their way get in
    const until = Date.now() + drainTimeoutMs;
    return new Promise<boolean>((resolve) => {
      const check = setInterval(() => {
        const quiet = inFlight === 0 && performance.now() - lastActivity >= QUIET_MS;
        if (!quiet && Date.now() < until) return;
        clearInterval(check);
        server.close();
        server.closeIdleConnections();
        resolve(quiet);
      }, 50);
    });
  };
  return server;
}
