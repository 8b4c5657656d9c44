/**
 * The container files, checked without a container engine (CI has none): compose.yaml parsed
 * with its anchors, deploy/nginx.conf against it, and the Dockerfile's stages and paths.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FILE_VARIABLES, parseEnv } from "../config/env.js";
import { repoRoot } from "../lib/paths.js";

const root = repoRoot();
const read = (path: string) => readFileSync(join(root, path), "utf8");
const onlyOnce = process.env.TESSERA_TEST_DB !== "postgres"; // no database involved: run it once

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  secrets?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  ports?: string[];
  volumes?: string[];
  user?: string;
}

describe.runIf(onlyOnce)("compose.yaml", () => {
  const compose = parse(read("compose.yaml"), { merge: true }) as { services: Record<string, Service>; secrets: Record<string, { file: string }>; volumes: Record<string, unknown> };
  const apis = Object.entries(compose.services).filter(([, s]) => s.build === ".");

  it("runs two API replicas of the one image, PostgreSQL and a maintained load balancer", () => {
    expect(apis.map(([name]) => name).sort()).toEqual(["api-1", "api-2"]);
    expect(new Set(apis.map(([, s]) => s.image))).toEqual(new Set(["tessera:local"]));
    expect(compose.services.postgres!.image).toMatch(/^postgres:\d+/);
    expect(compose.services.postgres!.volumes).toContain("pgdata:/var/lib/postgresql/data");
    expect(compose.services.lb!.image).toMatch(/^nginx:\d/);
    expect(Object.keys(compose.services.lb!.depends_on!).sort()).toEqual(["api-1", "api-2"]);
  });

  it("replicas wait for a healthy database, route on /readyz, get secrets from files and outlast the server's drain on stop", () => {
    for (const [, api] of apis) {
      expect(api.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
      expect(api.healthcheck!.test.join(" ")).toContain("/readyz");
      expect(api.environment!.DATABASE_URL_FILE).toBe("/run/secrets/database_url");
      expect(api.environment!.TESSERA_SECRET_FILE).toBe("/run/secrets/tessera_secret");
      for (const secret of api.secrets!) expect(compose.secrets[secret]).toBeDefined();
      expect(parseInt(api.stop_grace_period!, 10)).toBeGreaterThan(25);
      // Every variable it sets is one the server knows (a typo would be silently ignored otherwise).
      const known = new Set([...Object.keys(parseEnv({})), ...FILE_VARIABLES.flatMap((v) => [v, `${v}_FILE`])]);
      expect(Object.keys(api.environment!).filter((v) => !known.has(v))).toEqual([]);
    }
    expect(read("packages/api/src/cli/serve.ts")).toContain("const SHUTDOWN_GRACE_MS = 25_000");
  });

  it("the nginx configuration balances over both replicas and keeps /metrics inside", () => {
    const nginx = read("deploy/nginx.conf");
    for (const [name] of apis) expect(nginx).toMatch(new RegExp(`server ${name}:4000`));
    expect(nginx).toMatch(/location = \/metrics \{ return 404; \}/);
    expect(compose.services.lb!.volumes).toContain("./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro");
  });
});

describe.runIf(onlyOnce)("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const instructions = dockerfile
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const stages = instructions.filter((l) => l.startsWith("FROM "));

  it("builds in stages and runs the final stage as a non-root user with the console built in", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const final = instructions.slice(instructions.lastIndexOf(stages.at(-1)!));
    const user = final.find((l) => l.startsWith("USER "));
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)\b/);
    expect(final.some((l) => /COPY --from=build \/app\/packages\/admin\/dist packages\/admin\/dist/.test(l))).toBe(true);
    expect(final.some((l) => l.startsWith("HEALTHCHECK "))).toBe(true);
    expect(final.find((l) => l.startsWith("ENTRYPOINT "))).toContain("packages/api/bin/tessera.mjs");
  });

  it("copies only paths that exist in the repository, and .dockerignore keeps local state out", () => {
    const copies = instructions.filter((l) => l.startsWith("COPY ") && !l.includes("--from="));
    expect(copies.length).toBeGreaterThan(3);
    for (const copy of copies) {
      const sources = copy.split(/\s+/).slice(1, -1).filter((p) => !p.startsWith("--"));
      for (const source of sources) expect(existsSync(join(root, source)), source).toBe(true);
    }
    const ignore = read(".dockerignore");
    for (const entry of ["**/node_modules", ".tessera", ".env"]) expect(ignore).toContain(entry);
  });
});
