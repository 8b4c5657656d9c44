import { problem, type Problem } from "@tessera/schema/problems";
/**
 * CSV cells to batch inputs: column names are the batch input's field names, nested with dots
 * (`customer.externalId`, `customer.identifier.type`), per-service charges as `charges.<SERVICE>`;
 * list values are separated by `|` (`specialCare` = `ELDERLY|LIVES_ALONE`). An empty cell is an
 * absent field (the stored value is kept). Cells are typed by the entity's column types below; a
 * cell that is not of its type rejects the row naming the column.
 */
import type { FeedName } from "../modules/feed/feed.run.js";

type CellType = "int" | "float" | "bool" | "list" | "json" | "datetime";

/** Non-text columns of each entity (everything else is text). */
export const CELL_TYPES: Partial<Record<FeedName, Record<string, CellType>>> = {
  customers: { securityLevel: "int", specialCare: "list" },
  identifiers: { validFrom: "datetime", validTo: "datetime" },
  plans: { monthlyFee: "float", dataQuotaMb: "int", voiceQuotaMinutes: "int", services: "list" },
  usage: { voiceMinutes: "int", smsCount: "int", dataMb: "int", billAmount: "float", paid: "bool", arrears: "float" },
  consents: { capturedAt: "datetime", expiresAt: "datetime" },
  interactions: { occurredAt: "datetime" },
  feedback: { score: "int", answers: "json", submittedAt: "datetime" },
};

/** A cell that is not of its column's type, with the problem's code (@tessera/schema/problems). */
export class CellError extends Error {
  constructor(
    readonly column: string,
    readonly problem: Problem,
  ) {
    super(problem.message);
  }
}

function typed(column: string, type: CellType | undefined, value: string): unknown {
  switch (type) {
    case "int":
    case "float": {
      const n = Number(value);
      if (!/^-?\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n)) throw new CellError(column, problem("CELL_NOT_NUMBER", { value }));
      return n;
    }
    case "bool":
      if (/^(true|t|yes|1)$/i.test(value)) return true;
      if (/^(false|f|no|0)$/i.test(value)) return false;
      throw new CellError(column, problem("CELL_NOT_BOOLEAN", { value }));
    case "list":
      return value.split("|").map((v) => v.trim()).filter(Boolean);
    case "json":
      try {
        return JSON.parse(value);
      } catch {
        throw new CellError(column, problem("CELL_NOT_JSON"));
      }
    case "datetime":
      return parseDate(column, value);
    default:
      return value;
  }
}

function parseDate(column: string, value: unknown): Date {
  const date = new Date(String(value));
  if (typeof value !== "string" || Number.isNaN(date.getTime())) throw new CellError(column, problem("CELL_NOT_DATE_TIME", { value: String(value) }));
  return date;
}

/** One CSV record (flat columns) as the entity's batch input. */
export function fromCsv(entity: FeedName, record: Record<string, string>): Record<string, unknown> {
  const types = CELL_TYPES[entity] ?? {};
  const out: Record<string, unknown> = {};
  const charges: { service: string; amount: unknown }[] = [];
  for (const [column, cell] of Object.entries(record)) {
    if (cell === "" || cell === undefined) continue;
    if (column.startsWith("charges.")) {
      charges.push({ service: column.slice("charges.".length), amount: typed(column, "float", cell) });
      continue;
    }
    const path = column.split(".");
    let target = out;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[path.at(-1)!] = typed(column, types[column], cell);
  }
  if (charges.length) out.charges = charges;
  return out;
}

/** NDJSON values are already typed; only date-times arrive as strings. */
export function fromJson(entity: FeedName, record: Record<string, unknown>): Record<string, unknown> {
  const out = { ...record };
  for (const [column, type] of Object.entries(CELL_TYPES[entity] ?? {})) {
    if (type === "datetime" && out[column] != null) out[column] = parseDate(column, out[column]);
  }
  return out;
}
