// `pnpm start` calls this first: builds the console when its bundle is missing or older than its
// sources, so a fresh clone starts with one command. (The API bundle rebuilds itself in bin/tessera.mjs.)
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const admin = "packages/admin";
if (!existsSync(join(admin, "package.json"))) process.exit(0);

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const index = join(admin, "dist/index.html");
const sources = [join(admin, "src"), join(admin, "index.html")].filter(existsSync);
const stale = !existsSync(index) || sources.some((s) => (statSync(s).isDirectory() ? newest(s) : statSync(s).mtimeMs) > statSync(index).mtimeMs);
if (stale) {
  console.log("Building the console (first start takes a minute)…");
  execSync("pnpm --filter @tessera/admin build", { stdio: "inherit" });
}
