#!/usr/bin/env node
// Entry point of the `tessera` CLI: rebuilds the bundle when any source is newer, then runs it.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(pkgDir, "dist/tessera.js");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const sources = [join(pkgDir, "src"), join(pkgDir, "../schema/src")].filter(existsSync);
const stale = !existsSync(bundle) || sources.some((d) => newestMtime(d) > statSync(bundle).mtimeMs);
if (stale) {
  process.stderr.write("tessera: building the API…\n");
  execFileSync(process.execPath, [join(pkgDir, "build.mjs")], { cwd: pkgDir, stdio: "inherit" });
}
process.env.NODE_ENV ??= "production";
await import(pathToFileURL(bundle).href);
