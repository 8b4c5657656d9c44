import { PROBLEMS, type ProblemCode } from "@tessera/schema/problems";
import { describe, expect, it } from "vitest";
import { problemMessages } from "./zh-CN.problems";

const placeholders = (text: string) => new Set([...text.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]));

describe("the Chinese problem texts", () => {
  it("word every code the API reports, with no parameter the API does not send", () => {
    for (const code of Object.keys(PROBLEMS) as ProblemCode[]) {
      const zh = problemMessages[code];
      expect(zh?.trim(), code).toBeTruthy();
      const sent = placeholders(PROBLEMS[code]);
      for (const name of placeholders(zh)) expect(sent.has(name), `${code}: %{${name}}`).toBe(true);
    }
  });
});
