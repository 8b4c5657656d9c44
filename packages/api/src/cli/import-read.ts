import { problem, type Problem } from "@tessera/schema/problems";
/**
 * Reading an import file as a stream of records with their line numbers: CSV (header row,
 * RFC 4180 quoting, UTF-8 with or without BOM, CRLF) through csv-parse, or NDJSON; `.gz` is
 * decompressed on the fly. Records are pulled one at a time (backpressure), so memory stays
 * constant whatever the file size. A row that cannot be read (broken quoting, invalid UTF-8,
 * bad JSON) is yielded as a problem, never thrown.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { parse } from "csv-parse";

export type Format = "csv" | "ndjson";

export type ReadRecord = { line: number; record: Record<string, unknown> } | { line: number; problem: { column: string } & Problem };

export function formatOf(file: string, given?: string): Format {
  if (given) return given as Format;
  return /\.(ndjson|jsonl)(\.gz)?$/i.test(file) ? "ndjson" : "csv";
}

export function openInput(file: string): { stream: Readable; bytesRead: () => number } {
  const raw = createReadStream(file);
  const stream = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  return { stream, bytesRead: () => raw.bytesRead };
}

// The decoder replaces bytes that are not UTF-8 with U+FFFD: such a row is refused, not stored garbled.
const REPLACEMENT = "\uFFFD";

function invalidUtf8(values: Iterable<[string, unknown]>): string | undefined {
  for (const [key, value] of values) if (typeof value === "string" && value.includes(REPLACEMENT)) return key;
  return undefined;
}

export async function* readRecords(stream: Readable, format: Format): AsyncGenerator<ReadRecord> {
  if (format === "ndjson") {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      if (text.includes(REPLACEMENT)) {
        yield { line, problem: { column: "", ...problem("NOT_UTF8") } };
        continue;
      }
      try {
        const record = JSON.parse(text) as unknown;
        if (!record || typeof record !== "object" || Array.isArray(record)) yield { line, problem: { column: "", ...problem("NOT_JSON_OBJECT") } };
        else yield { line, record: record as Record<string, unknown> };
      } catch (error) {
        yield { line, problem: { column: "", ...problem("INVALID_JSON", { detail: (error as Error).message }) } };
      }
    }
    return;
  }
  const skipped: ReadRecord[] = [];
  const parser = stream.pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      skip_empty_lines: true,
      info: true,
      // A row with broken quoting or the wrong number of fields is reported and skipped; the rest goes on.
      skip_records_with_error: true,
    }),
  );
  let lastSkipped = -1;
  parser.on("skip", (error: Error & { lines?: number; column?: string | number }) => {
    // csv-parse may report one broken row more than once.
    if (error.lines === lastSkipped) return;
    lastSkipped = error.lines ?? -1;
    skipped.push({ line: error.lines ?? 0, problem: { column: String(error.column ?? ""), ...problem("MALFORMED_CSV", { detail: error.message.replace(/^Invalid Record Length: /, "") }) } });
  });
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    const bad = invalidUtf8(Object.entries(record));
    if (bad !== undefined) yield { line: info.lines, problem: { column: bad, ...problem("NOT_UTF8") } };
    else yield { line: info.lines, record };
  }
  while (skipped.length) yield skipped.shift()!;
}
