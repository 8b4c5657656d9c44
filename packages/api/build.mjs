// Bundles the API and CLI into dist/tessera.js. Third-party packages stay external (resolved
// from node_modules at run time); workspace packages (@tessera/schema, TypeScript sources) are bundled.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const external = Object.keys(pkg.dependencies ?? {}).filter((d) => !d.startsWith("@tessera/"));

await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/tessera.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  external: external.flatMap((d) => [d, `${d}/*`]),
  logLevel: "warning",
  banner: { js: "import 'reflect-metadata';" },
});
