/**
 * Encodes rows in PostgreSQL's COPY text format (tab-separated, `\N` for NULL, backslash
 * escapes), with the column list taken from the drizzle table so the bulk path cannot drift
 * from the schema: a renamed column fails loudly instead of loading data into the wrong place.
 */
import { getTableColumns, getTableName, type Column } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

export interface CopyColumn {
  /** Property name on the row object. */
  key: string;
  /** Column name in the database. */
  name: string;
  encode: (value: unknown) => string;
}

export interface CopyTable {
  name: string;
  columns: CopyColumn[];
  /** `copy "table" ("a", "b")`, without its source (stdin or a file). */
  statement: string;
}

/** The COPY layout for `table`, restricted to the properties the rows actually carry (the rest take their defaults). */
export function copyTable(table: PgTable, sampleRow: object): CopyTable {
  const columns: CopyColumn[] = [];
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (key in sampleRow) columns.push({ key, name: column.name, encode: encoderFor(column) });
  }
  const name = getTableName(table);
  const list = columns.map((c) => quoteIdent(c.name)).join(", ");
  return { name, columns, statement: `copy ${quoteIdent(name)} (${list})` };
}

/** One row as a COPY text line (with its newline). */
export function encodeRow(columns: readonly CopyColumn[], row: Record<string, unknown>): string {
  let line = "";
  for (let i = 0; i < columns.length; i++) {
    const value = row[columns[i].key];
    line += (i === 0 ? "" : "\t") + (value === null || value === undefined ? "\\N" : columns[i].encode(value));
  }
  return line + "\n";
}

function encoderFor(column: Column): (value: unknown) => string {
  switch (column.dataType) {
    case "json":
      return (v) => escapeText(JSON.stringify(v));
    case "array":
      return (v) => escapeText(arrayLiteral(v as unknown[]));
    case "date":
      return (v) => timestampText((v as Date).getTime());
    case "boolean":
      return (v) => (v ? "t" : "f");
    case "number":
      return (v) => String(v);
    default:
      return (v) => escapeText(String(v));
  }
}

// Date#toISOString was the single most expensive call of a bulk seed (three timestamps a row):
// format the time of day by hand and the date part once per day.
const dayTexts = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD HH:MM:SS.mmm+00`, the same instant as toISOString, for COPY into timestamptz. */
export function timestampText(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  let date = dayTexts.get(day);
  if (date === undefined) {
    if (dayTexts.size > 50_000) dayTexts.clear();
    date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dayTexts.set(day, date);
  }
  let rest = ms - day * 86_400_000;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${date} ${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}+00`;
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;

/** COPY text escaping: backslash, newline, carriage return and tab are the only specials. */
export function escapeText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
}

/** A one-dimensional array literal, `{a,"b c"}`; elements are quoted when they need it. */
function arrayLiteral(items: readonly unknown[]): string {
  const parts = items.map((item) => {
    if (item === null || item === undefined) return "NULL";
    const text = String(item);
    return /^[A-Za-z0-9_.-]+$/.test(text) && text.toUpperCase() !== "NULL" ? text : `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  });
  return `{${parts.join(",")}}`;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
