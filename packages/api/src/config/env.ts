import { z } from "zod";

/**
 * The whole environment, parsed once at start-up. Every problem is reported together and
 * start-up stops, so a bad value never surfaces later as an odd runtime failure.
 */
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
  TESSERA_DEMO_PASSWORD: z.string().min(8).default("tessera-demo"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TESSERA_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
});

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;
/** The parsed environment of this process. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
