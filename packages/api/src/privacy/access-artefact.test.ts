import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { accessTablePath } from "../lib/paths.js";
import { renderAccessTable } from "./access-artefact.js";

describe("the console's copy of the access table", () => {
  it("is the API's table as it is now (run `pnpm tessera schema` after changing permissions.ts)", () => {
    expect(readFileSync(accessTablePath(), "utf8")).toBe(renderAccessTable());
  });
});
