import { readFileSync } from "node:fs";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import config from "../codegen";

describe("generated types", () => {
  it("match schema.graphql and the console's operations (run `pnpm --filter @tessera/schema codegen`)", async () => {
    const outputs = await generate({ ...config, silent: true, verbose: false }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      expect(readFileSync(output.filename, "utf8"), `${output.filename} is stale`).toBe(output.content);
    }
  }, 60_000);
});
