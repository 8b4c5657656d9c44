import type { ProblemCode, ProblemParams } from "@tessera/schema/problems";
import { GraphqlError, type FieldProblem, type GraphqlErrorCode } from "../providers/graphql";
import { currentSession } from "../providers/session";

/**
 * The API's data routes beside /graphql (packages/api/src/server/data-routes.ts): the import and
 * export of `tessera import` / `tessera export`, with the console session as credentials.
 */

export interface ImportCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportProgress extends ImportCounts {
  bytes: number;
  total: number;
}

export interface ImportReject {
  line: number;
  column: string;
  /** The English reason (as in the CLI's rejects file). */
  reason: string;
  /** The same reason as codes with parameters (@tessera/schema/problems), shown in the console's language. */
  problems?: { column: string; code: ProblemCode; params: ProblemParams; message: string }[];
}

export interface ImportSummary extends ImportCounts {
  entity: string;
  dryRun: boolean;
  seconds: number;
  stoppedEarly: boolean;
  rejects: ImportReject[];
  rejectsListed: number;
}

function authorization(): Record<string, string> {
  const session = currentSession();
  return session ? { authorization: `Bearer ${session.token}` } : {};
}

/** A refusal before anything ran: the route answers the GraphQL error shape. */
async function refusal(response: Response): Promise<GraphqlError> {
  try {
    const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    if (first) return new GraphqlError(first.message, (first.extensions?.code ?? "INTERNAL") as GraphqlErrorCode, response.status);
  } catch {
    // Not JSON: fall through.
  }
  return new GraphqlError(`The API answered ${response.status} ${response.statusText}`, "NETWORK", response.status);
}

/** Uploads `file` to POST /import/<entity> and follows the streamed NDJSON answer to its summary. */
export async function uploadImport(entity: string, file: File, dryRun: boolean, onProgress: (progress: ImportProgress) => void, signal?: AbortSignal): Promise<ImportSummary> {
  const format = /\.(ndjson|jsonl)(\.gz)?$/i.test(file.name) ? "ndjson" : "csv";
  const headers: Record<string, string> = { ...authorization(), "content-type": format === "ndjson" ? "application/x-ndjson" : "text/csv" };
  if (/\.gz$/i.test(file.name)) headers["content-encoding"] = "gzip";
  const response = await fetch(`/import/${entity}?format=${format}${dryRun ? "&dryRun=1" : ""}`, { method: "POST", headers, body: file, signal });
  if (!response.ok || !response.body) throw await refusal(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    const lines = buffered.split("\n");
    buffered = done ? "" : lines.pop()!;
    for (const text of lines) {
      if (!text.trim()) continue;
      const message = JSON.parse(text) as { type: string; code?: string; message?: string; problems?: FieldProblem[] } & ImportProgress & ImportSummary;
      if (message.type === "progress") onProgress(message);
      else if (message.type === "summary") return message;
      else if (message.type === "error") throw new GraphqlError(message.message ?? "The import failed", (message.code ?? "INTERNAL") as GraphqlErrorCode, 200, {}, message.problems ?? []);
    }
    if (done) throw new GraphqlError("The import ended without a summary", "NETWORK", 0);
  }
}

/** Downloads GET /export/<entity> as CSV: what the signed-in user reads over GraphQL, audited as their read. */
export async function downloadExport(entity: "customers" | "interactions", params: Record<string, string> = {}): Promise<void> {
  const query = new URLSearchParams({ format: "csv", ...params });
  const response = await fetch(`/export/${entity}?${query}`, { headers: authorization() });
  if (!response.ok) throw await refusal(response);
  const blob = await response.blob();
  const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `${entity}.csv`;
  const url = URL.createObjectURL(blob);
  const link = Object.assign(window.document.createElement("a"), { href: url, download: filename });
  window.document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
