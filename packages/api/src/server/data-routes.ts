/**
 * The console's data routes (issue 8 item 8), beside /graphql on the same server and with the same
 * credentials (Bearer session token or partner API key, X-Purpose):
 *
 * - `POST /import/<entity>?dryRun=1&format=csv|ndjson&maxErrors=N`: the request body is the file
 *   (CSV or NDJSON, gzip with `content-encoding: gzip`), streamed through `importFile` — the code
 *   path of `tessera import`, validators and merges of the feed mutations, audited as writes by the
 *   caller. Allowed to whoever may call the entity's batch mutation (the access table). The answer
 *   is NDJSON, streamed: `{"type":"progress",…}` lines while it runs, then one `{"type":"summary",…}`
 *   with the counts and the rejected rows (line, column, reason), or `{"type":"error",…}`.
 * - `GET /export/<customers|interactions>?format=csv|ndjson&customerId=…`: `exportEntity`, the path
 *   of `tessera export`: page after page through the GraphQL schema and the privacy plugin as the
 *   caller, so the file holds exactly what the caller reads over GraphQL (analysts: pseudonymous)
 *   and every page is audited as the caller's read.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Transform, Writable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { ApolloServer } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { Database } from "../db/client.js";
import type { Context } from "../graphql/context.js";
import { ErrorCode, httpStatusOf } from "../graphql/errors.js";
import type { RequestInfo } from "../graphql/request-info.js";
import { logger, safeErrorSummary } from "../lib/logger.js";
import type { FeedName } from "../modules/feed/feed.run.js";
import { mayCall } from "../privacy/permissions.js";
import type { TokenService } from "../privacy/tokens.js";
import { EXPORT_ENTITIES, ExportRefused, exportEntity, type ExportEntity } from "../cli/export.js";
import { FEED_MUTATIONS, IMPORTERS, importFile, type ImportSource, type ImportSummary, type RejectedRow } from "../cli/import.js";
import type { Format } from "../cli/import-read.js";
import { buildRequestContext, type RequestGuards } from "./request-context.js";

/** Rejected rows listed in the answer; the counts cover every one. */
export const MAX_LISTED_REJECTS = 1_000;
/** A progress line at most this often (the import ticks every 500 rows). */
const PROGRESS_EVERY_MS = 250;

export interface DataRouteDeps {
  database: Database;
  tokens: TokenService;
  apollo: ApolloServer<Context>;
  guards: RequestGuards;
}


function fail(res: ServerResponse, info: RequestInfo, code: string, message: string, status = httpStatusOf(code)) {
  info.errorCode ??= code;
  if (res.headersSent) return res.end();
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** Answers /import/… and /export/…; false for any other path. */
export async function handleDataRoute(req: IncomingMessage, res: ServerResponse, path: string, info: RequestInfo, deps: DataRouteDeps): Promise<boolean> {
  const match = /^\/(import|export)\/([a-z]+)$/.exec(path);
  if (!match) return false;
  const [, route, entity] = match as unknown as [string, "import" | "export", string];
  const url = new URL(req.url ?? "/", "http://localhost");
  if ((route === "import" && req.method !== "POST") || (route === "export" && req.method !== "GET")) {
    res.setHeader("allow", route === "import" ? "POST" : "GET");
    fail(res, info, ErrorCode.BAD_USER_INPUT, `${req.method} is not allowed here: ${route === "import" ? "POST the file" : "GET the export"}`, 405);
    return true;
  }
  let ctx: Context;
  try {
    ctx = await buildRequestContext(deps.database, deps.tokens, req, info, deps.guards);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const code = String(error.extensions?.code ?? ErrorCode.INTERNAL);
    fail(res, info, code, error.message, (error.extensions?.http as { status?: number } | undefined)?.status ?? httpStatusOf(code));
    return true;
  }
  if (ctx.principal.kind === "ANONYMOUS") {
    fail(res, info, ErrorCode.UNAUTHENTICATED, "Sign in first: send Authorization: Bearer <session token or API key>");
    return true;
  }
  if (route === "import") await importRoute(req, res, ctx, entity, url, info, deps.database);
  else await exportRoute(res, ctx, entity, url, info, deps);
  return true;
}

async function importRoute(req: IncomingMessage, res: ServerResponse, ctx: Context, name: string, url: URL, info: RequestInfo, database: Database) {
  // Own keys only: a name such as "constructor" is nothing to import.
  const entity = Object.hasOwn(IMPORTERS, name) ? IMPORTERS[name as FeedName] : undefined;
  if (!entity) return fail(res, info, ErrorCode.NOT_FOUND, `Nothing to import as "${name}"; one of ${Object.keys(IMPORTERS).join(", ")}`);
  const operation = FEED_MUTATIONS[name as FeedName];
  info.operation = `import ${name}`;
  if (!mayCall(ctx.principal, operation)) return fail(res, info, ErrorCode.FORBIDDEN, `Not allowed: importing ${name} needs ${operation}`);
  const dryRun = ["1", "true"].includes(url.searchParams.get("dryRun") ?? "");
  const format = (url.searchParams.get("format") ?? (String(req.headers["content-type"]).includes("ndjson") ? "ndjson" : "csv")) as Format;
  if (!["csv", "ndjson"].includes(format)) return fail(res, info, ErrorCode.BAD_USER_INPUT, `format must be csv or ndjson, got "${format}"`);
  const maxErrors = url.searchParams.has("maxErrors") ? Number(url.searchParams.get("maxErrors")) : Infinity;
  if (!(maxErrors === Infinity || (Number.isInteger(maxErrors) && maxErrors >= 0))) return fail(res, info, ErrorCode.BAD_USER_INPUT, "maxErrors must be a whole number");

  // Bytes are counted as they arrive (before any gzip), against content-length when the client sent one.
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(null, chunk);
    },
  });
  const gzipped = String(req.headers["content-encoding"] ?? "").includes("gzip");
  const stream = gzipped ? req.pipe(counter).pipe(createGunzip()) : req.pipe(counter);
  const source: ImportSource = { stream, bytesRead: () => received, total: Number(req.headers["content-length"] ?? 0) || 0 };

  res.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" });
  const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
  const rejects: RejectedRow[] = [];
  let lastProgress = 0;
  // The writes are audited as the caller's, under an operation naming the import (as the CLI's `--as`).
  ctx.audit.operation = `import ${name}`;
  try {
    const summary: ImportSummary = await importFile(database, entity, source, format, {
      audit: ctx.audit,
      dryRun,
      maxErrors,
      batchSize: 1_000,
      report: {
        progress(bytes, total, s) {
          const now = performance.now();
          if (now - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = now;
          line({ type: "progress", bytes, total, read: s.read, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected });
        },
        reject(row) {
          if (rejects.length < MAX_LISTED_REJECTS) rejects.push(row);
        },
      },
    });
    // Unreadable rows are reported as they are read, invalid ones per batch: the answer lists them in file order.
    rejects.sort((a, b) => a.line - b.line);
    line({ type: "summary", entity: name, dryRun, ...summary, rejects, rejectsListed: rejects.length });
  } catch (error) {
    const code = error instanceof GraphQLError ? String(error.extensions?.code ?? ErrorCode.INTERNAL) : ErrorCode.INTERNAL;
    if (code === ErrorCode.INTERNAL) logger.error({ requestId: ctx.requestId, err: safeErrorSummary(error) }, "import failed");
    info.errorCode = code;
    // Bad input (a header naming unknown columns) carries its coded problems, for the console to translate.
    const problems = code === ErrorCode.BAD_USER_INPUT ? (error as GraphQLError).extensions.problems : undefined;
    line({ type: "error", code, message: code === ErrorCode.INTERNAL ? "The import failed; rows written by completed batches stay (re-running the file is safe)" : (error as Error).message, problems });
  } finally {
    stream.destroy();
    res.end();
  }
}

async function exportRoute(res: ServerResponse, ctx: Context, name: string, url: URL, info: RequestInfo, deps: DataRouteDeps) {
  if (!(EXPORT_ENTITIES as string[]).includes(name)) return fail(res, info, ErrorCode.NOT_FOUND, `Nothing to export as "${name}"; one of ${EXPORT_ENTITIES.join(", ")}`);
  const entity = name as ExportEntity;
  const format = url.searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "ndjson") return fail(res, info, ErrorCode.BAD_USER_INPUT, `format must be csv or ndjson, got "${format}"`);
  const customerId = url.searchParams.get("customerId") ?? undefined;
  if (entity === "interactions" && !customerId) return fail(res, info, ErrorCode.BAD_USER_INPUT, "Exporting interactions needs customerId");
  info.operation = `export ${name}`;
  // Headers go out with the first byte: an export refused on its first page still answers a JSON error.
  const out = new Writable({
    write(chunk, _encoding, done) {
      if (!res.headersSent) {
        const day = new Date().toISOString().slice(0, 10);
        res.writeHead(200, {
          "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
          "content-disposition": `attachment; filename="${entity}-${day}.${format}"`,
          "cache-control": "no-store",
        });
      }
      if (res.write(chunk)) done();
      else res.once("drain", () => done());
    },
  });
  try {
    await exportEntity(deps.database, { entity, principal: ctx.principal, purpose: ctx.purpose, format, out, customerId }, deps.apollo);
    await new Promise<void>((resolve) => out.end(resolve));
    // Nothing visible (an empty CSV still has its header once a page was allowed): an empty file.
    if (!res.headersSent) res.writeHead(200, { "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8" });
    res.end();
  } catch (error) {
    if (!(error instanceof ExportRefused)) throw error;
    fail(res, info, error.code, error.message.replace(/^export refused: /, ""));
  }
}

