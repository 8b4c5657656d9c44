import { CATALOG, EDGE_CURSOR_REASON, NON_CUSTOMER_FIELDS, type FieldEntry } from "@tessera/schema/catalog";
import { getNamedType, isObjectType, type GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { tesseraSchema } from "../graphql/schema.js";

/** Scalars that can carry text a person wrote. */
const TEXT_SCALARS = ["String", "JSON", "JSONObject"];

/** Every `Type.field` of a String/JSON type reachable from Query or Mutation. */
async function textFields(): Promise<{ type: string; field: string }[]> {
  const schema = await tesseraSchema();
  const seen = new Set<string>();
  const out: { type: string; field: string }[] = [];
  const walk = (type: GraphQLObjectType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (TEXT_SCALARS.includes(named.name)) out.push({ type: type.name, field: field.name });
      if (isObjectType(named)) walk(named);
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType()]) if (root) for (const f of Object.values(root.getFields())) {
    const named = getNamedType(f.type);
    if (isObjectType(named)) walk(named);
  }
  return out;
}

function accounted(type: string, field: string): string | undefined {
  const entry = (CATALOG as Record<string, Record<string, FieldEntry>>)[type]?.[field];
  if (entry) {
    if (entry.category !== "NONE") return undefined;
    return entry.reason?.trim() ? undefined : `${type}.${field} is NONE without a reason`;
  }
  if (NON_CUSTOMER_FIELDS[type]?.[field]?.trim()) return undefined;
  if (type.endsWith("Edge") && field === "cursor" && EDGE_CURSOR_REASON) return undefined;
  return `${type}.${field} has no catalog entry`;
}

describe("catalog completeness", () => {
  it("classifies every String and JSON field reachable in the schema, NONE only with a reason", async () => {
    const fields = await textFields();
    // The walk reaches the customer record and the staff-facing types alike.
    expect(fields.length).toBeGreaterThan(60);
    const problems = fields.map(({ type, field }) => accounted(type, field)).filter(Boolean);
    // Classify new fields in packages/schema/src/catalog/catalog.ts (or non-customer.ts with a reason).
    expect(problems).toEqual([]);
  });

  it("lists no non-customer field the schema does not have, and no type that is also in the catalog", async () => {
    const schema = await tesseraSchema();
    const stale = Object.entries(NON_CUSTOMER_FIELDS).flatMap(([type, fields]) => {
      const t = schema.getType(type);
      if (!t || !isObjectType(t)) return [`${type} (no such type)`];
      return Object.keys(fields).filter((f) => !(f in t.getFields())).map((f) => `${type}.${f}`);
    });
    expect(stale).toEqual([]);
    expect(Object.keys(NON_CUSTOMER_FIELDS).filter((t) => t in CATALOG)).toEqual([]);
  });
});
