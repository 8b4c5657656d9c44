import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROBLEMS, problem } from "../src/problems";

describe("input problems (codes with parameters)", () => {
  it("builds the English sentence from the code's template and parameters", () => {
    expect(problem("TOO_LONG", { max: 200 })).toEqual({ code: "TOO_LONG", params: { max: 200 }, message: "must be at most 200 characters" });
  });

  it("lists every code in docs/import.md, where clients of the rejects file look them up", () => {
    const doc = readFileSync(join(__dirname, "../../../docs/import.md"), "utf8");
    const documented = new Set([...doc.matchAll(/^\| `([A-Z_0-9]+)` \|/gm)].map((m) => m[1]));
    expect(Object.keys(PROBLEMS).filter((code) => !documented.has(code))).toEqual([]);
  });
});
