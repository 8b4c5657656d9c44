// Builds the console when dist/ is missing or older than anything it is built from: `pnpm start`
// serves dist/, and the browser test runs against it, so a fresh clone needs no separate build step.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const index = join(root, "dist/index.html");

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const inputs = ["src", "index.html", "explorer.html", "vite.config.ts", "package.json"].map((p) => newest(join(root, p)));
if (!existsSync(index) || !existsSync(join(root, "dist/explorer.html")) || Math.max(...inputs) > statSync(index).mtimeMs) {
  console.log("Building the console (the first time takes a minute)…");
  execSync("pnpm run build", { cwd: root, stdio: "inherit" });
}
