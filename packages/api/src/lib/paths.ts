import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, found from this file whether it runs from src/ (tsx, vitest) or dist/ (bundle). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    dir = resolve(dir, "..");
  }
  throw new Error("Cannot find the Tessera repository root (pnpm-workspace.yaml)");
}

export const migrationsDir = () => join(repoRoot(), "migrations");
export const adminDistDir = () => join(repoRoot(), "packages/admin/dist");
export const schemaSdlPath = () => join(repoRoot(), "packages/schema/schema.graphql");
export const accessTablePath = () => join(repoRoot(), "packages/schema/src/generated/access.ts");
