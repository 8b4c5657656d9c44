import { readFile } from "node:fs/promises";
import { PROBLEMS, problem, type ProblemCode, type ProblemParams } from "@tessera/schema/problems";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/app.js";

/**
 * Every input problem Tessera reports carries a stable code (InputValidator.fail and
 * BadInputError.field take a Problem, never English text alone), so a client words it itself: the
 * codes are documented, and inputs once refused with bare text answer theirs through the API.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

interface Reported {
  field: string;
  message: string;
  code: ProblemCode;
  params: ProblemParams;
}

async function problemsOf(query: string, variables: Record<string, unknown>): Promise<Reported[]> {
  const res = await app.gql(query, variables, { as: "STEWARD" });
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors ?? res.data)).toBe("BAD_USER_INPUT");
  const problems = res.errors![0]!.extensions!.problems as Reported[];
  // The English sentence is the code's template filled with the parameters a client gets.
  for (const p of problems) expect(p.message).toBe(problem(p.code, p.params).message);
  return problems;
}

describe("input problems", () => {
  it("docs/import.md lists every problem code with its English text", async () => {
    const doc = await readFile(new URL("../../../../docs/import.md", import.meta.url), "utf8");
    const section = doc.split("### Rejection codes")[1]!.split("\n### ")[0]!;
    const rows = [...section.matchAll(/^\| `([A-Z0-9_]+)` \| (.*) \|$/gm)].map((m) => [m[1], m[2]!.replace(/\\\|/g, "|")]);
    expect(Object.fromEntries(rows)).toEqual(PROBLEMS);
  });

  it("answers a code where only English text was sent before: a language tag, mixed paging, a pair of one customer", async () => {
    const language = await problemsOf(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`, {
      input: { kind: "INDIVIDUAL", name: "Coded", language: "english please" },
    });
    expect(language).toContainEqual({ field: "input.language", code: "LANGUAGE_TAG", params: {}, message: "must be a BCP 47 tag such as zh-CN or en" });

    const paging = await problemsOf(`query { customers(first: 1, last: 1) { totalCount } }`, {});
    expect(paging).toEqual([expect.objectContaining({ field: "first", code: "PAGING_MIXED" })]);

    const id = "7b0c2f9e-8d41-4c55-9a0e-3f1d2c4b5a6e";
    const pair = await problemsOf(`mutation($id: ID!) { dismissDuplicate(customerId: $id, otherCustomerId: $id) }`, { id });
    expect(pair).toEqual([{ field: "otherCustomerId", code: "MUST_DIFFER", params: { other: "customerId" }, message: "must differ from customerId" }]);
  });
});
