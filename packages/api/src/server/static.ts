import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { acceptedEncoding, compress, setConsoleSecurityHeaders, type Encoding } from "./http-extras.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
};
/** Already compressed formats are sent as they are. */
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".svg", ".map"]);

/** The built console's files, read and compressed once per file version (dist/ is small and immutable). */
const cache = new Map<string, { mtimeMs: number; raw: Buffer; encoded: Partial<Record<Encoding, Promise<Buffer>>> }>();

async function load(file: string) {
  const { mtimeMs } = statSync(file);
  let entry = cache.get(file);
  if (!entry || entry.mtimeMs !== mtimeMs) {
    entry = { mtimeMs, raw: await readFile(file), encoded: {} };
    cache.set(file, entry);
  }
  return entry;
}

/** A path that does not decode (`/%E0%A4%A`) is the client's error: 400, not a 500. */
export class BadPathError extends Error {
  readonly status = 400;
}

/** Serves the built console; unknown paths fall back to index.html (client-side routes). */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  // Decoded first: a path that does not decode is a bad request whether or not the console is built.
  const url = new URL(req.url ?? "/", "http://localhost");
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    throw new BadPathError("The path is not valid percent-encoded UTF-8");
  }
  if (!existsSync(join(root, "index.html"))) return false;
  // The GraphQL explorer is its own page of the console build (packages/admin/explorer.html).
  if (pathname === "/explorer" || pathname === "/explorer/") pathname = "/explorer.html";
  const requested = normalize(join(root, pathname));
  const inside = requested === root || requested.startsWith(root + sep);
  const file = inside && !pathname.includes("\0") && existsSync(requested) && statSync(requested).isFile() ? requested : join(root, "index.html");
  const hashed = file.includes(`${sep}assets${sep}`);
  const entry = await load(file);
  const encoding = COMPRESSIBLE.has(extname(file)) && entry.raw.length >= 1024 ? acceptedEncoding(req) : undefined;
  let body = entry.raw;
  if (encoding) {
    entry.encoded[encoding] ??= compress(entry.raw, encoding);
    body = await entry.encoded[encoding]!;
  }
  setConsoleSecurityHeaders(res);
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    // Vite fingerprints assets, so they can be cached forever; index.html must always revalidate.
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    "content-length": body.length,
    vary: "accept-encoding",
    ...(encoding ? { "content-encoding": encoding } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
