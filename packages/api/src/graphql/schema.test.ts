import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { schemaSdlPath } from "../lib/paths.js";
import { schemaSdl } from "./schema.js";

describe("schema contract", () => {
  it("the committed packages/schema/schema.graphql matches the schema the code builds", async () => {
    const committed = readFileSync(schemaSdlPath(), "utf8");
    // On failure run `pnpm tessera schema` and commit the file (and regenerate admin types).
    expect(committed).toBe(await schemaSdl());
  });
});
