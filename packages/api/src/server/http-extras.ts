import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { IncomingMessage, ServerResponse } from "node:http";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Bodies smaller than this go out raw: compressing them costs more than it saves. */
const MIN_COMPRESS_BYTES = 1024;

export type Encoding = "br" | "gzip";

/** The best encoding the client accepts (brotli, then gzip), or none. */
export function acceptedEncoding(req: IncomingMessage): Encoding | undefined {
  const header = String(req.headers["accept-encoding"] ?? "").toLowerCase();
  const accepts = (name: string) => header.split(",").some((part) => {
    const [token, ...params] = part.trim().split(";");
    return token === name && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
  if (accepts("br")) return "br";
  if (accepts("gzip")) return "gzip";
  return undefined;
}

/** Compresses off the event loop (zlib's thread pool); quality chosen for per-request use. */
export async function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === "br"
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipAsync(body, { level: 6 });
}

/** Sends `body`, compressed when the client accepts it and it is worth it. */
export async function sendCompressible(req: IncomingMessage, res: ServerResponse, body: Buffer) {
  const encoding = body.length >= MIN_COMPRESS_BYTES ? acceptedEncoding(req) : undefined;
  res.setHeader("vary", appendVary(res.getHeader("vary"), "accept-encoding"));
  if (!encoding) {
    res.setHeader("content-length", body.length);
    return res.end(body);
  }
  const compressed = await compress(body, encoding);
  res.setHeader("content-encoding", encoding);
  res.setHeader("content-length", compressed.length);
  res.end(compressed);
}

function appendVary(current: unknown, value: string): string {
  const existing = current ? String(current) : "";
  return existing.toLowerCase().includes(value) ? existing : existing ? `${existing}, ${value}` : value;
}

/** Headers on every answer: no MIME sniffing, no referrer leaks. */
export function setBaseSecurityHeaders(res: ServerResponse) {
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
}

/**
 * The console's Content-Security-Policy: everything from this origin only (the bundle has no CDN),
 * inline styles for MUI's emotion, never framed (clickjacking).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function setConsoleSecurityHeaders(res: ServerResponse) {
  res.setHeader("content-security-policy", CONSOLE_CSP);
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("cross-origin-opener-policy", "same-origin");
}

/**
 * CORS for browser partner apps: origins listed in TESSERA_CORS_ORIGINS (or `*`) may call the
 * API with an Authorization header. Answers a preflight itself (returns true).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  res.setHeader("vary", appendVary(res.getHeader("vary"), "origin"));
  if (!origin || !(allowed.includes("*") || allowed.includes(origin))) return false;
  res.setHeader("access-control-allow-origin", allowed.includes("*") ? "*" : origin);
  res.setHeader("access-control-expose-headers", "retry-after, x-request-id");
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type, x-purpose, x-request-id, apollo-require-preflight",
    "access-control-max-age": "600",
  });
  res.end();
  return true;
}
