// One lint configuration for the workspace (flat config). The rule set is typescript-eslint's
// recommended set without type information (fast, no second type-check) plus a few rules that catch
// real mistakes; formatting is not linted.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/dist/**", "**/src/generated/**", "migrations/**", "**/*.d.ts"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": "off",
    },
  },
  {
    // Tests and benchmarks read untyped GraphQL JSON answers; `any` there is the honest type.
    files: ["**/*.test.ts", "**/*.test.tsx", "**/e2e/**", "packages/api/src/test/**", "packages/api/src/bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["packages/admin/src/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
);
