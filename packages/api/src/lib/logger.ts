import { pino } from "pino";

/**
 * Structured JSON logs. Personal values never go into a log line: log ids, codes and counts.
 * The level comes from LOG_LEVEL (read directly so that importing the logger never parses the
 * whole environment).
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "tessera" },
  redact: { paths: ["*.password", "*.token", "*.authorization", "req.headers.authorization"], censor: "[redacted]" },
});

/**
 * What of an unexpected error may be logged: its name, the driver's SQLSTATE and the SQL text
 * without bound parameters. Driver messages and parameters can carry personal values.
 */
export function safeErrorSummary(error: unknown): Record<string, unknown> {
  const err = error as { name?: string; message?: string; cause?: { code?: string; name?: string } };
  const message = String(err?.message ?? "");
  const sqlText = message.startsWith("Failed query:") ? message.split("\nparams:")[0]!.slice(0, 500) : undefined;
  return { name: err?.name, code: err?.cause?.code, causeName: err?.cause?.name, sql: sqlText };
}
