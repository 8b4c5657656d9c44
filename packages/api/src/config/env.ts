import { readFileSync } from "node:fs";
import { z } from "zod";
import { decodeKey } from "../lib/key-text.js";

/**
 * The whole environment, parsed once at start-up. Every problem is reported together and
 * start-up stops, so a bad value never surfaces later as an odd runtime failure.
 */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const auditKey = z
  .string()
  .refine((v) => decodeKey(v) !== undefined, "must be 32 bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  HOST: z.string().default("0.0.0.0"),
  TESSERA_DATA_DIR: z.string().min(1).default("./.tessera/data"),
  TESSERA_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /**
   * Wraps every per-customer data key and the audit chain key (audit/keys.ts); never stored in the
   * database. Unset: a key file beside the data directory (embedded database or non-production).
   */
  TESSERA_MASTER_KEY: auditKey.optional(),
  /** Ed25519 seed that signs audit checkpoints (`tessera audit checkpoint`); same fallback as the master key. */
  TESSERA_AUDIT_SIGNING_KEY: auditKey.optional(),
  TESSERA_DEMO_PASSWORD: z.string().min(8).default("tessera-demo"),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  TESSERA_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Who may introspect the schema: signed-in callers (default), everyone, or nobody. */
  TESSERA_INTROSPECTION: z.enum(["signed-in", "off", "all"], { error: "must be signed-in, off or all" }).default("signed-in"),
  /** Browser origins allowed to call the API (comma-separated, e.g. https://app.example.com); empty: none. */
  TESSERA_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((o) => o.trim().replace(/\/$/, "")).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*|https?:\/\/[^/\s]+)$/, "must be * or origins like https://app.example.com, comma-separated"))),
  /** Deadline of one API request; PostgreSQL's statement_timeout is set to the same value. */
  TESSERA_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** Requests per minute per API key, per user and per anonymous client address; 0 turns rate limiting off. */
  TESSERA_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /**
   * How long a checked session or API key is remembered per process (server/principal-cache.ts);
   * any change to users, keys or partner apps ends it at once everywhere. 0: check every request.
   */
  TESSERA_AUTH_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** Behind a load balancer: take the client address from X-Forwarded-For (rate limits of anonymous callers). */
  TESSERA_TRUST_PROXY: z
    .enum(["true", "false", "1", "0", ""], { error: "must be true or false" })
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** First retry delay of a failed webhook delivery; each retry doubles it (capped at an hour) until 24 h have passed. */
  TESSERA_WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  /** How long one webhook delivery waits for the receiver's answer. */
  TESSERA_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Receivers on plain http are accepted only on loopback unless this is true (development against a LAN host). */
  TESSERA_WEBHOOK_ALLOW_HTTP: z
    .enum(["true", "false", "1", "0", ""], { error: "must be true or false" })
    .default("false")
    .transform((v) => v === "true" || v === "1"),
});

/** Variables that may come from a file instead (`DATABASE_URL_FILE=/run/secrets/database_url`): container secrets. */
export const FILE_VARIABLES = ["DATABASE_URL", "TESSERA_SECRET", "TESSERA_MASTER_KEY", "TESSERA_AUDIT_SIGNING_KEY"] as const;

function withFileVariables(source: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; problems: string[] } {
  const env = { ...source };
  const problems: string[] = [];
  for (const name of FILE_VARIABLES) {
    const file = source[`${name}_FILE`];
    if (!file) continue;
    if (source[name]) problems.push(`${name}_FILE: set either ${name} or ${name}_FILE, not both`);
    else {
      try {
        env[name] = readFileSync(file, "utf8").trim();
      } catch (error) {
        problems.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      }
    }
  }
  return { env, problems };
}

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const { env, problems } = withFileVariables(source);
  const result = EnvSchema.safeParse(env);
  if (!result.success) problems.push(...result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  if (problems.length || !result.success) throw new ConfigError(problems);
  return result.data;
}

let cached: Env | undefined;
/** The parsed environment of this process. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
