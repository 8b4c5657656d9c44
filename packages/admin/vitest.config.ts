import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "e2e/**/*.e2e.test.ts"],
    // The browser test starts the real API, which migrates and seeds a fresh database first.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // The browser test polls the page: allow for a busy machine before calling a page broken.
    expect: { poll: { timeout: 10_000 } },
  },
});
