import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { Database } from "../db/client.js";
import { migrationStatus } from "../db/migrate.js";
import type { Context } from "../graphql/context.js";
import type { TokenService } from "../privacy/tokens.js";
import { logger, safeErrorSummary } from "../lib/logger.js";
import { adminDistDir } from "../lib/paths.js";
import { buildRequestContext } from "./request-context.js";
import { serveStatic } from "./static.js";

const MAX_BODY_BYTES = 5 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error("request body too large"), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function handleGraphql(apollo: ApolloServer<Context>, database: Database, tokens: TokenService, req: IncomingMessage, res: ServerResponse, requestId: string) {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  const raw = req.method === "POST" ? await readBody(req) : "";
  let body: unknown = raw;
  if (raw && headers.get("content-type")?.includes("application/json")) {
    try {
      body = JSON.parse(raw);
    } catch {
      return json(res, 400, { errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_USER_INPUT" } }] });
    }
  }
  const url = new URL(req.url ?? "/", "http://localhost");
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
    context: () => buildRequestContext(database, tokens, req, requestId),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.setHeader("x-request-id", requestId);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") return res.end(response.body.string);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export function createHttpServer(apollo: ApolloServer<Context>, database: Database, tokens: TokenService): Server {
  const adminRoot = adminDistDir();
  return createServer(async (req, res) => {
    const started = performance.now();
    const requestId = (req.headers["x-request-id"] as string | undefined)?.slice(0, 100) || randomUUID();
    const path = (req.url ?? "/").split("?")[0];
    try {
      if (path === "/graphql") await handleGraphql(apollo, database, tokens, req, res, requestId);
      else if (path === "/healthz") json(res, 200, { status: "ok" });
      else if (path === "/readyz") {
        try {
          await database.ping();
          const { applied, expected } = await migrationStatus(database);
          const ready = applied >= expected;
          json(res, ready ? 200 : 503, { status: ready ? "ready" : "migrations pending", database: database.driver, migrations: { applied, expected } });
        } catch {
          json(res, 503, { status: "database unreachable", database: database.driver });
        }
      } else if (!serveStatic(adminRoot, req, res)) {
        json(res, 404, { error: "not found", hint: "the console is not built: run `pnpm build`" });
      }
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      logger.error({ requestId, err: safeErrorSummary(error) }, "request failed");
      if (!res.headersSent) json(res, status, { errors: [{ message: status === 413 ? "Request too large" : "Internal server error", extensions: { code: status === 413 ? "BAD_USER_INPUT" : "INTERNAL" } }] });
      else res.end();
    } finally {
      if (path !== "/healthz") logger.debug({ requestId, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request");
    }
  });
}
