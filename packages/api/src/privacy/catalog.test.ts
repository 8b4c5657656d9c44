import { CATALOG, type CatalogType } from "@tessera/schema/catalog";
import { getNamedType, isNonNullType, isObjectType, type GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { tesseraSchema } from "../graphql/schema.js";

describe("data catalog", () => {
  it("classifies every field of every personal type in the emitted schema", async () => {
    const schema = await tesseraSchema();
    const missing: string[] = [];
    for (const typeName of Object.keys(CATALOG) as CatalogType[]) {
      const type = schema.getType(typeName);
      expect(type && isObjectType(type), `${typeName} is a GraphQL object type`).toBe(true);
      for (const field of Object.keys((type as any).getFields())) if (!(field in CATALOG[typeName])) missing.push(`${typeName}.${field}`);
    }
    // A new field on a personal type must be classified in packages/schema/src/catalog/catalog.ts.
    expect(missing).toEqual([]);
  });

  it("lists no field the schema does not have", async () => {
    const schema = await tesseraSchema();
    const stale = Object.entries(CATALOG).flatMap(([typeName, fields]) =>
      Object.keys(fields).filter((f) => !(f in (schema.getType(typeName) as any).getFields())).map((f) => `${typeName}.${f}`),
    );
    expect(stale).toEqual([]);
  });

  it("declares every personal field nullable, so the policy can withhold it", async () => {
    const schema = await tesseraSchema();
    const nonNull = Object.entries(CATALOG).flatMap(([typeName, fields]) =>
      Object.entries(fields)
        .filter(([field, entry]) => entry.category !== "NONE" && isNonNullType((schema.getType(typeName) as any).getFields()[field].type))
        .map(([field]) => `${typeName}.${field}`),
    );
    expect(nonNull).toEqual([]);
  });

  it("covers every object type reachable from Customer that carries customer data", async () => {
    const schema = await tesseraSchema();
    const customer = schema.getType("Customer") as GraphQLObjectType;
    const reachable = Object.values(customer.getFields())
      .map((f) => getNamedType(f.type))
      .filter((t): t is GraphQLObjectType => isObjectType(t))
      .map((t) => t.name.replace(/Connection$/, ""))
      .filter((name) => !["PageInfo"].includes(name));
    const uncovered = reachable.filter((name) => !(name in CATALOG) && !NON_PERSONAL_TYPES.includes(name));
    expect(uncovered).toEqual([]);
  });
});

/** Object types under Customer that hold no data about the person (checked by the test above). */
const NON_PERSONAL_TYPES = ["AuditEvent"];
