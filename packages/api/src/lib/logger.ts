import { pino } from "pino";

/**
 * Structured JSON logs. Personal values never go into a log line: log ids, codes and counts.
 * The level comes from LOG_LEVEL (read directly so that importing the logger never parses the
 * whole environment).
 */
const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
// An unknown LOG_LEVEL falls back to info here; parsing the environment reports it and stops start-up.
const configured = process.env.LOG_LEVEL && LEVELS.includes(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : undefined;

/**
 * Log lines go to stdout, or to stderr for commands whose stdout is their result (`logToStderr`).
 * Written asynchronously: a synchronous write per request line was 3 % of a customer read's CPU.
 * pino flushes what is buffered when the process exits, by signal or error too (not on SIGKILL).
 */
const destinations = { stdout: pino.destination({ dest: 1, sync: false }), stderr: pino.destination({ dest: 2, sync: false }) };
let destination = destinations.stdout;

export const logger = pino(
  {
    level: configured ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "tessera" },
    redact: { paths: ["*.password", "*.token", "*.authorization", "req.headers.authorization"], censor: "[redacted]" },
  },
  { write: (line: string) => destination.write(line) },
);

/**
 * Sends every later log line to stderr: `tessera bench` runs the server in its own process, and
 * its request log would otherwise be interleaved with the table it prints on stdout.
 */
export function logToStderr() {
  destination = destinations.stderr;
}

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
