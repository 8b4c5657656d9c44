import { isInputObjectType, isListType, isNonNullType, isScalarType, parse, type GraphQLInputType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadInputError, mapDatabaseError } from "../graphql/errors.js";
import { DEFAULT_MAX_LENGTH, MAX_TEXT_LENGTH, assertInputLimits } from "../graphql/input-limits.js";
import { assertComplexity, MAX_COMPLEXITY } from "../graphql/limits.js";
import { tesseraSchema } from "../graphql/schema.js";
import { insertCustomers } from "../test/builders.js";
import { startTestApp, type TestApp } from "../test/app.js";

let app: TestApp;
let customerId: string;
beforeAll(async () => {
  app = await startTestApp({ rateLimiter: null });
  [customerId] = await insertCustomers(app.database.db, 1);
});
afterAll(() => app.close());

const limitOf = (parent: string, name: string) => MAX_TEXT_LENGTH[`${parent}.${name}`] ?? MAX_TEXT_LENGTH[name] ?? DEFAULT_MAX_LENGTH;

/** Every text position inside a value of `type`: a value with one too-long string there, and its path. */
function* textPositions(type: GraphQLInputType, limit: number, path: string, seen: readonly string[] = []): Generator<{ value: unknown; path: string }> {
  if (isNonNullType(type)) return yield* textPositions(type.ofType, limit, path, seen);
  if (isListType(type)) {
    for (const inner of textPositions(type.ofType, limit, `${path}[0]`, seen)) yield { value: [inner.value], path: inner.path };
    return;
  }
  if (isInputObjectType(type)) {
    if (seen.includes(type.name)) return; // recursive inputs (segment trees): one level is enough
    for (const field of Object.values(type.getFields())) {
      for (const inner of textPositions(field.type, limitOf(type.name, field.name), `${path}.${field.name}`, [...seen, type.name])) {
        yield { value: { [field.name]: inner.value }, path: inner.path };
      }
    }
    return;
  }
  if (isScalarType(type) && ["String", "ID"].includes(type.name)) yield { value: "x".repeat(limit + 1), path };
}

describe("text input limits", () => {
  it("every text argument and input field of the schema is refused above its maximum length", async () => {
    const schema = await tesseraSchema();
    let positions = 0;
    for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
      for (const field of Object.values(root.getFields())) {
        for (const arg of field.args) {
          const limit = MAX_TEXT_LENGTH[`${root.name}.${field.name}.${arg.name}`] ?? MAX_TEXT_LENGTH[arg.name] ?? DEFAULT_MAX_LENGTH;
          for (const position of textPositions(arg.type, limit, arg.name)) {
            positions++;
            const document = parse(`${root.name === "Query" ? "query" : "mutation"} ($v: ${arg.type.toString()}) { ${field.name}(${arg.name}: $v) }`);
            let error: unknown;
            try {
              assertInputLimits(schema, document, { v: position.value });
            } catch (e) {
              error = e;
            }
            expect(error, `${root.name}.${field.name}(${position.path})`).toBeInstanceOf(BadInputError);
            expect((error as BadInputError).extensions.field).toBe(position.path);
          }
        }
      }
    }
    // The schema has dozens of text inputs; a walk that found none would prove nothing.
    expect(positions).toBeGreaterThan(40);
  });

  it("a 1 MB search answers BAD_USER_INPUT at once, naming the field", async () => {
    const res = await app.gql(`query ($s: String) { customers(first: 5, filter: { search: $s }) { totalCount } }`, { s: "a".repeat(1024 * 1024) });
    // 400 for the whole request: refused before any field ran (a field's own error answers 200
    // with data), so the search never reached the database. Not timed: this machine is shared.
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.search" });
    expect(res.errors![0]!.message).toContain(`at most ${DEFAULT_MAX_LENGTH} characters`);
    expect(res.data ?? null).toBeNull();
  });

  it("a NUL character in any text input is BAD_USER_INPUT, inline or in variables, nested in JSON too", async () => {
    const inline = await app.gql(`mutation { logInteraction(input: { customerId: "${customerId}", channel: HOTLINE, type: CONSULTATION, summary: "a\\u0000b" }) { id } }`);
    expect(inline.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.summary" });
    const variable = await app.gql(`query ($s: String) { customers(first: 1, filter: { search: $s }) { totalCount } }`, { s: "x\u0000" });
    expect(variable.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.search" });
    const json = await app.gql(`mutation ($a: JSONObject!) { submitFeedback(input: { customerId: "${customerId}", channel: WEB, answers: $a }) { id } }`, { a: { q1: "ok\u0000" } });
    expect(json.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });
});

describe("operation shape and cost", () => {
  it("2,000 aliased customerByIdentifier lookups are QUERY_TOO_COMPLEX", async () => {
    const lookups = Array.from({ length: 2000 }, (_, i) => `a${i}: customerByIdentifier(type: MSISDN, value: "+4670000${i}") { id }`).join(" ");
    const res = await app.gql(`{ ${lookups} }`);
    expect(res.errors![0]!.extensions!.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("the cost of root lookups grows with their number, so aliases cannot multiply work for free", async () => {
    const schema = await tesseraSchema();
    const doc = (n: number) => parse(`{ ${Array.from({ length: n }, (_, i) => `a${i}: customerByIdentifier(type: MSISDN, value: "x") { id }`).join(" ")} }`);
    // Below the alias limit of graphql-armor, the cost model alone refuses enough lookups.
    expect(() => assertComplexity(schema, doc(20), undefined, {})).not.toThrow();
    const tooMany = Math.ceil(MAX_COMPLEXITY / 50) + 1;
    expect(() => assertComplexity(schema, doc(tooMany), undefined, {})).toThrow(/too complex/);
  });

  it("one parsed document is costed again when `first` or an @include variable changes: a page of 10 passes, the same query for 100 pages of 500 does not", async () => {
    // The cost is remembered per document (limits.ts); the rule is that it still grows with `first`.
    const schema = await tesseraSchema();
    const doc = parse(`query ($n: Int, $deep: Boolean!) { customers(first: $n) { edges { node { id interactions(first: $n) @include(if: $deep) { edges { node { id occurredAt summary channel type } } } } } } }`);
    expect(() => assertComplexity(schema, doc, undefined, { n: 10, deep: true })).not.toThrow();
    expect(() => assertComplexity(schema, doc, undefined, { n: 500, deep: true })).toThrow(/too complex/);
    expect(() => assertComplexity(schema, doc, undefined, { n: 10, deep: true })).not.toThrow();
    expect(() => assertComplexity(schema, doc, undefined, { n: 500, deep: false })).not.toThrow();
    expect(() => assertComplexity(schema, doc, undefined, { n: 500, deep: true })).toThrow(/too complex/);
    // A known cost does not let a variable of the wrong type through.
    expect(() => assertComplexity(schema, doc, undefined, { n: "ten", deep: true })).toThrow(/Int/);
  });

  it("deep nesting, many directives and a subscription are refused with typed errors", async () => {
    let deep = "name";
    for (let i = 0; i < 14; i++) deep = `ofType { ${deep} }`;
    const nested = await app.gql(`{ __type(name: "Customer") { fields { type { ${deep} } } } }`);
    expect(nested.errors![0]!.extensions!.code).toBe("QUERY_TOO_COMPLEX");
    const directives = await app.gql(`{ __typename ${"@include(if: true) ".repeat(60)} }`);
    expect(directives.errors![0]!.extensions!.code).toBe("QUERY_TOO_COMPLEX");
    const subscription = await app.gql(`subscription { customers { totalCount } }`);
    expect(subscription.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(subscription)).not.toMatch(/INTERNAL|stack/i);
  });
});

describe("concurrent duplicates", () => {
  it("the same username created 6 times at once: one user, the others CONFLICT, none INTERNAL", async () => {
    const username = `dup-${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => app.gql(`mutation ($u: String!) { createUser(username: $u, password: "a-long-password-1", role: AGENT) { id } }`, { u: username }, { as: "ADMIN" })),
    );
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? "OK");
    expect(codes.filter((c) => c === "OK")).toHaveLength(1);
    expect(codes.filter((c) => c !== "OK").every((c) => c === "CONFLICT")).toBe(true);
  });

  it("the same interaction externalId logged 6 times at once: one row, no INTERNAL", async () => {
    const externalId = `ext-${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        app.gql(`mutation ($c: ID!, $e: String) { logInteraction(input: { customerId: $c, channel: HOTLINE, type: CONSULTATION, externalId: $e }) { id } }`, { c: customerId, e: externalId }),
      ),
    );
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? "OK");
    expect(codes).not.toContain("INTERNAL");
    expect(codes.every((c) => c === "OK" || c === "CONFLICT")).toBe(true);
    const ids = new Set(answers.filter((a) => a.data).map((a) => a.data!.logInteraction.id));
    // Whether repeats succeed idempotently or are CONFLICT, there is one interaction.
    expect(ids.size).toBe(1);
  });
});

describe("database faults", () => {
  it("maps driver errors by SQLSTATE: unique → CONFLICT, timeout → UNAVAILABLE, refused → UNAVAILABLE, bad value → BAD_USER_INPUT", () => {
    expect(mapDatabaseError({ cause: { code: "23505" } })?.code).toBe("CONFLICT");
    expect(mapDatabaseError({ cause: { code: "57014" } })).toMatchObject({ code: "UNAVAILABLE", extensions: { reason: "DEADLINE_EXCEEDED" } });
    expect(mapDatabaseError({ cause: { code: "ECONNREFUSED" } })?.code).toBe("UNAVAILABLE");
    expect(mapDatabaseError({ cause: { code: "22021" } })?.code).toBe("BAD_USER_INPUT");
    expect(mapDatabaseError({ cause: { code: "42P01" } })).toBeUndefined();
  });
});
