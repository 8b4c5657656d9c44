import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FEED_MUTATIONS, FEED_NAMES } from "../modules/feed/feed.names.js";
import { IMPORTERS } from "./import.js";
import { checkHeader, coerceRecord, itemInputType, UnknownColumnsError } from "./import-shape.js";

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), "../../../../examples/import");

/** Every importable entity, its item's GraphQL input type, as the batch mutation declares it. */
const items = () => Promise.all(FEED_NAMES.map(async (name) => [name, await itemInputType(FEED_MUTATIONS[name], IMPORTERS[name].arg)] as const));

describe("import records are held to their batch mutation's input type", () => {
  it("every importable entity has its item's input type, and every CSV sample's header names only its fields", async () => {
    for (const [name, item] of await items()) {
      expect(item.name, name).toMatch(/Input$/);
      const sample = `${EXAMPLES}/${name}.csv`;
      let header: string[];
      try {
        header = readFileSync(sample, "utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0]!.split(",");
      } catch {
        continue; // an NDJSON sample (interactions): its rows are checked as records
      }
      expect(() => checkHeader(item, header), name).not.toThrow();
    }
  });

  it("refuses a header with a column the type lacks, naming it with graphql-js's suggestion; nested columns follow the input objects", async () => {
    const customers = await itemInputType(FEED_MUTATIONS.customers, IMPORTERS.customers.arg);
    const refusal = (() => {
      try {
        checkHeader(customers, ["externalId", "nmae", "phone"]);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(UnknownColumnsError);
    expect((refusal as Error).message).toBe('column "nmae" (did you mean "name"?) is not a field of CustomerFeedInput; nothing was imported (docs/import.md lists the columns)');
    expect((refusal as UnknownColumnsError).extensions.problems).toEqual([{ field: "nmae", code: "UNKNOWN_FIELD", params: { type: "CustomerFeedInput" }, message: "is not a field of CustomerFeedInput" }]);

    const interactions = await itemInputType(FEED_MUTATIONS.interactions, IMPORTERS.interactions.arg);
    expect(() => checkHeader(interactions, ["externalId", "customer.identifier.type", "customer.identifier.value", "channel", "type"])).not.toThrow();
    expect(() => checkHeader(interactions, ["externalId", "customer.identifier.kind"])).toThrow(/"customer.identifier.kind" is not a field/);
    const usage = await itemInputType(FEED_MUTATIONS.usage, IMPORTERS.usage.arg);
    expect(() => checkHeader(usage, ["customer.externalId", "month", "charges.VOICE", "charges.DATA"])).not.toThrow();
    expect(() => checkHeader(usage, ["customer.externalId", "month", "charge.VOICE"])).toThrow(UnknownColumnsError);
  });

  it("rejects what GraphQL would refuse in a request's variables, each problem coded on its column", async () => {
    const customers = await itemInputType(FEED_MUTATIONS.customers, IMPORTERS.customers.arg);
    const rejected = (record: Record<string, unknown>) => {
      const result = coerceRecord(customers, record);
      return "problems" in result ? result.problems.map(({ column, code, params }) => ({ column, code, params })) : [];
    };
    expect(rejected({ externalId: "C-1", name: "Ann", securityLevel: "high", foo: 1 })).toEqual([
      { column: "securityLevel", code: "NOT_OF_TYPE", params: { type: "Int" } },
      { column: "foo", code: "UNKNOWN_FIELD", params: { type: "CustomerFeedInput" } },
    ]);
    expect(rejected({ externalId: 5 })).toEqual([{ column: "externalId", code: "NOT_OF_TYPE", params: { type: "String" } }]);
    expect(rejected({ externalId: "C-1", specialCare: ["ELDERLY", "FLYING"] })).toEqual([
      { column: "specialCare[1]", code: "NOT_ONE_OF", params: { value: "FLYING", allowed: expect.stringContaining("ELDERLY") } },
    ]);
    expect(rejected({ name: "no key" })).toEqual([{ column: "externalId", code: "REQUIRED", params: {} }]);
    expect(rejected({ externalId: null })).toEqual([{ column: "externalId", code: "REQUIRED", params: {} }]);
    // What the API accepts passes as the API coerces it (a single value where a list is expected is a list of one).
    expect(coerceRecord(customers, { externalId: "C-1", name: "Ann", specialCare: "ELDERLY" })).toEqual({ value: { externalId: "C-1", name: "Ann", specialCare: ["ELDERLY"] } });

    const interactions = await itemInputType(FEED_MUTATIONS.interactions, IMPORTERS.interactions.arg);
    const nested = coerceRecord(interactions, { externalId: "E-1", channel: "APP", type: "CARE", customer: { identifier: { type: "MSISDN", valu: "+8613912345678" } } });
    expect("problems" in nested && nested.problems.map((p) => [p.column, p.code])).toEqual([["customer.identifier.value", "REQUIRED"], ["customer.identifier.valu", "UNKNOWN_FIELD"]]);
  });
});
