import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Third-party code in long-lived chunks so a console release does not bust every cache. MUI and
// react-admin share helpers both ways, so they form one chunk (two would import each other).
const VENDOR_CHUNKS: Array<[string, RegExp]> = [
  ["react", /\/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom)\//],
  ["ui", /\/node_modules\/(@mui|@emotion|@popperjs|@babel|react-transition-group|stylis|react-admin|ra-[a-z-]+|@tanstack|react-hook-form|lodash|node-polyglot)\//],
];

export default defineConfig({
  plugins: [react()],
  server: {
    // `pnpm --filter @tessera/admin dev`: the console with hot reload against a running API.
    proxy: { "/graphql": process.env.TESSERA_API_URL ?? "http://localhost:4000" },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // react-admin + MUI is one ~800 kB (250 kB gzip) vendor chunk, cached across releases.
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      // The console, and the GraphQL explorer (GraphiQL) as its own page so the console never loads it.
      input: { console: "index.html", explorer: "explorer.html" },
      output: {
        manualChunks(id) {
          for (const [name, pattern] of VENDOR_CHUNKS) if (pattern.test(id)) return name;
          return undefined;
        },
      },
    },
  },
});
