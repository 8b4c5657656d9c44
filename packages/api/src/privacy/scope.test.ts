import { ROLES, type Role } from "@tessera/schema/catalog";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tesseraSchema } from "../graphql/schema.js";
import { createPartner, issueKey } from "../modules/partner/partner.service.js";
import { SEGMENT_FIELDS, type SegmentField } from "../modules/segment/segment.definition.js";
import { startTestApp, type As, type TestApp } from "../test/app.js";
import { insertFullCustomer } from "../test/builders.js";
import { mayCall } from "./permissions.js";
import { Policy } from "./policy.js";
import type { Principal, Purpose } from "./principal.js";
import { argumentReads, mayRead, type FieldRef } from "./scope.js";

/** A leaf argument of a field: its key in the ArgumentReads tables and its GraphQL type. */
interface Leaf {
  key: string;
  type: GraphQLInputType;
}

/** Leaf paths of an argument: input objects are walked (recursion stops at a type already on the path), enums give one key per value. */
function leavesOf(prefix: string, type: GraphQLInputType, seen: Set<string> = new Set()): Leaf[] {
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    if (seen.has(named.name)) return [];
    const inner = new Set(seen).add(named.name);
    return Object.values(named.getFields()).flatMap((f) => leavesOf(`${prefix}.${f.name}`, f.type, inner));
  }
  if (isEnumType(named)) return named.getValues().map((v) => ({ key: `${prefix}:${v.name}`, type }));
  return [{ key: prefix, type }];
}

/** Every field with arguments reachable from Query (as `root` for Query, `Type.field` below it), plus segment definitions. */
function argumentFields(schema: GraphQLSchema): { name: string; field: GraphQLField<unknown, unknown> }[] {
  const out: { name: string; field: GraphQLField<unknown, unknown> }[] = [];
  const seen = new Set<string>();
  const walk = (type: GraphQLObjectType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith("__")) continue;
      if (field.args.length) out.push({ name: type.name === "Query" ? field.name : `${type.name}.${field.name}`, field });
      const next = getNamedType(field.type);
      if (isObjectType(next)) walk(next);
    }
  };
  walk(schema.getQueryType()!);
  // Mutations that select customers by a filter (writes are not reads of their input).
  out.push({ name: "createSegment", field: schema.getMutationType()!.getFields().createSegment! });
  return out;
}

/** Keys whose enum leaf is declared per value (`orderBy.field:NAME`) or as a whole (`filter.kind`). */
function declared(reads: Record<string, readonly FieldRef[]>, leaf: Leaf): boolean {
  if (leaf.key in reads) return true;
  const colon = leaf.key.lastIndexOf(":");
  return colon > 0 && leaf.key.slice(0, colon) in reads;
}

describe("customer scope: every lookup, filter, sort and grouping argument declares what it reads", () => {
  it("has an ArgumentReads entry for every argument leaf of every field reachable from Query", async () => {
    const schema = await tesseraSchema();
    const missing: string[] = [];
    for (const { name, field } of argumentFields(schema)) {
      const reads = argumentReads().get(name);
      if (!reads) {
        missing.push(`${name} (no table)`);
        continue;
      }
      for (const arg of field.args) for (const leaf of leavesOf(arg.name, arg.type)) if (!declared(reads, leaf)) missing.push(`${name} ${leaf.key}`);
    }
    // Declare new arguments with declareArgumentReads (privacy/scope.ts) in the module that owns the field.
    expect(missing).toEqual([]);
  });

  it("declares only catalog fields", () => {
    const unknown = [...argumentReads()].flatMap(([name, reads]) =>
      Object.entries(reads).flatMap(([key, fields]) => fields.filter((f) => !/^[A-Z]\w+\.\w+$/.test(f)).map((f) => `${name} ${key} ${f}`)),
    );
    expect(unknown).toEqual([]);
  });
});

let app: TestApp;
let customer: Awaited<ReturnType<typeof insertFullCustomer>>;
let restricted: Awaited<ReturnType<typeof insertFullCustomer>>;
const partners: { as: As; principal: Principal }[] = [];

beforeAll(async () => {
  app = await startTestApp();
  customer = await insertFullCustomer(app.database.db, { grantPurposes: ["SERVICE", "MARKETING"] });
  // Two partners: one reading no field, one reading every Customer field (but no Identifier).
  for (const [name, fields] of [
    ["reads-nothing", []],
    ["reads-customers", ["Customer.*", "Insight.*", "Interaction.*", "CareTask.*"]],
  ] as const) {
    const partner = await createPartner(app.database.db, { name, purposes: ["MARKETING"], fields: [...fields] });
    const { key } = await issueKey(app.database.db, partner.id);
    partners.push({
      as: { apiKey: key },
      principal: { kind: "PARTNER", id: partner.id, name, partnerId: partner.id, keyId: "k", allowedPurposes: ["MARKETING"], fieldAllowlist: [...fields], capabilities: [] },
    });
  }
});
afterAll(() => app?.close());

const PURPOSES: Purpose[] = ["SERVICE", "MARKETING", "ANALYTICS"];
const userPrincipal = (role: Role): Principal => ({ kind: "USER", id: "u", name: role.toLowerCase(), role });

/** A GraphQL literal for a sample value of a leaf (enum leaves give their value). */
function literal(leaf: Leaf): string {
  const list = isListType(getNullableType(leaf.type));
  const named = getNamedType(leaf.type);
  const scalar = isEnumType(named)
    ? leaf.key.slice(leaf.key.lastIndexOf(":") + 1)
    : ({ String: `"x"`, Int: "1", Boolean: "true", ID: `"00000000-0000-4000-8000-000000000000"`, DateTime: `"2026-01-01T00:00:00Z"` } as Record<string, string>)[named.name];
  if (scalar === undefined) throw new Error(`no sample for ${leaf.key} of type ${named.name}`);
  return list ? `[${scalar}]` : scalar;
}

/** Sets a dotted path in a nested literal object. */
function nest(path: string[], value: string): string {
  return path.length === 1 ? `${path[0]}: ${value}` : `${path[0]}: { ${nest(path.slice(1), value)} }`;
}

/** One request per root that uses argument `leaf`; required arguments get neutral values. */
const TEMPLATES: Record<string, (args: string) => string> = {
  customers: (a) => `{ customers(${a}) { totalCount } }`,
  customerByIdentifier: (a) => `{ customerByIdentifier(value: "+8613812345678", ${a}) { id } }`,
  careTasks: (a) => `{ careTasks(${a}) { totalCount } }`,
  metrics: (a) => `{ metrics(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", ${a}) { key } }`,
  "Customer.interactions": (a) => `query($id: ID!) { customer(id: $id) { interactions(${a}) { totalCount } } }`,
  createSegment: (a) => `mutation { createSegment(name: "scope test", ${a}) { id } }`,
};

function segmentSample(field: SegmentField): string {
  const spec = SEGMENT_FIELDS[field] as { kind: string; enum?: { values: readonly string[] } };
  const value = spec.kind === "number" ? "1" : spec.kind === "date" ? `"2000-01-01"` : spec.kind === "text" ? `"x"` : `"${spec.enum!.values[0]}"`;
  return `definition: { field: ${field}, op: EQ, value: ${value} }`;
}

function requestFor(root: string, key: string, schemaLeaf: Leaf): string {
  const template = TEMPLATES[root];
  if (!template) throw new Error(`Add a request template for ${root} to scope.test.ts`);
  if (root === "createSegment") return template(segmentSample(key.split(":")[1] as SegmentField));
  const path = key.split(":")[0]!.split(".");
  return template(nest(path, literal(schemaLeaf)));
}

describe("customer scope: an argument that reads a field is a read of it", () => {
  it("an analyst, an admin and a partner without phone cannot look a customer up by phone, a steward and a partner with phone can", async () => {
    const lookup = `query($v: String!) { customerByIdentifier(type: MSISDN, value: $v) { id } }`;
    for (const as of ["ANALYST", "ADMIN", partners[0]!.as] as As[]) {
      const res = await app.gql(lookup, { v: customer.phone }, { as, purpose: "MARKETING" });
      expect(res.errors?.[0]?.extensions, JSON.stringify(as)).toMatchObject({ code: "FORBIDDEN", field: "type", fields: ["Customer.phone"] });
      expect(res.data?.customerByIdentifier ?? null).toBeNull();
    }
    for (const as of ["STEWARD", partners[1]!.as] as As[]) {
      const res = await app.gql(lookup, { v: customer.phone }, { as, purpose: "MARKETING" });
      expect(res.errors).toBeUndefined();
      expect(res.data!.customerByIdentifier.id).toBe(customer.id);
    }
  });

  it("every argument leaf that reads a field is refused to each principal that does not read it in full, and allowed to those who do", async () => {
    const schema = await tesseraSchema();
    const principals: { as: As; principal: Principal; purpose: Purpose }[] = [
      ...ROLES.flatMap((role) => PURPOSES.map((purpose) => ({ as: role as As, principal: userPrincipal(role), purpose }))),
      ...partners.map((p) => ({ ...p, purpose: "MARKETING" as Purpose })),
    ];
    let refused = 0;
    let allowed = 0;
    for (const { name, field } of argumentFields(schema)) {
      const reads = argumentReads().get(name)!;
      const leaves = field.args.flatMap((arg) => leavesOf(arg.name, arg.type));
      for (const [key, fields] of Object.entries(reads)) {
        if (!fields.length) continue;
        const leaf = leaves.find((l) => l.key === key || l.key.startsWith(`${key}:`) || l.key === key.split(":")[0]);
        expect(leaf, `${name} ${key} is an argument of the schema`).toBeDefined();
        const request = requestFor(name, key, leaf!);
        const root = name.includes(".") ? "customer" : name;
        for (const p of principals) {
          if (!mayCall(p.principal, root)) continue;
          // Nested fields need their parent record: partners read them only for customers they see.
          if (name.includes(".") && p.principal.kind === "PARTNER") continue;
          const reader = mayRead(new Policy(p.principal, p.purpose), fields);
          const res = await app.gql(request, { id: customer.id }, { as: p.as, purpose: p.purpose });
          const forbidden = res.errors?.find((e) => e.extensions?.code === "FORBIDDEN");
          const who = `${name} ${key} as ${JSON.stringify(p.as)} for ${p.purpose}`;
          if (reader) {
            expect(forbidden, who).toBeUndefined();
            allowed++;
          } else {
            expect(forbidden?.extensions, who).toMatchObject({ code: "FORBIDDEN" });
            refused++;
          }
        }
      }
    }
    // The walk exercised both outcomes many times (a walk that checks nothing would pass vacuously).
    expect(refused).toBeGreaterThan(50);
    expect(allowed).toBeGreaterThan(50);
  }, 240_000);

  it("metrics by segment refuses segments over fields the caller may not filter on", async () => {
    const created = await app.gql(`mutation { createSegment(name: "alone", definition: { field: SPECIAL_CARE, op: EQ, value: "LIVES_ALONE" }) { id } }`);
    const id = created.data!.createSegment.id;
    const res = await app.gql(
      `query($ids: [ID!]) { metrics(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", groupBy: SEGMENT, segmentIds: $ids) { key customers } }`,
      { ids: [id] },
      { as: "ANALYST", purpose: "ANALYTICS" },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", field: "segmentIds[0]" });
    // By default the stored segments the caller may not filter on are left out, not counted.
    const all = await app.gql(`{ metrics(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", groupBy: SEGMENT) { key customers } }`, {}, { as: "ANALYST", purpose: "ANALYTICS" });
    expect(all.errors).toBeUndefined();
    expect(all.data!.metrics.map((r: { key: string }) => r.key)).not.toContain(id);
    await app.gql(`mutation($id: ID!) { deleteSegment(id: $id) }`, { id });
  });
});

describe("customer scope: restricted customers outside SERVICE", () => {
  beforeAll(async () => {
    restricted = await insertFullCustomer(app.database.db, { grantPurposes: ["SERVICE", "MARKETING"], phone: "+8613900001111" });
    const { customers } = await import("../db/schema.js");
    const { eq } = await import("drizzle-orm");
    await app.database.db.update(customers).set({ processingRestricted: true, name: "限制处理" }).where(eq(customers.id, restricted.id));
  });

  it("are not matched, sorted or counted by a search, list or lookup under MARKETING, and are under SERVICE", async () => {
    const search = `{ customers(first: 100, filter: { search: "限制处理" }, orderBy: { field: NAME }) { totalCount edges { node { id } } } }`;
    const marketing = await app.gql(search, {}, { purpose: "MARKETING" });
    expect(marketing.data!.customers).toEqual({ totalCount: 0, edges: [] });
    const service = await app.gql(search, {}, { purpose: "SERVICE" });
    expect(service.data!.customers.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([restricted.id]);

    const listed = await app.gql(`{ customers(first: 100) { totalCount edges { node { id } } } }`, {}, { purpose: "MARKETING" });
    expect(listed.data!.customers.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(restricted.id);

    const lookup = `query($v: String!) { customerByIdentifier(type: MSISDN, value: $v) { id } }`;
    expect((await app.gql(lookup, { v: "+8613900001111" }, { purpose: "MARKETING" })).data!.customerByIdentifier).toBeNull();
    expect((await app.gql(lookup, { v: "+8613900001111" }, { purpose: "SERVICE" })).data!.customerByIdentifier.id).toBe(restricted.id);
  });

  it("named by id, the record is still there with its personal fields withheld as RESTRICTED", async () => {
    const res = await app.gql(`query($id: ID!) { customer(id: $id) { id name } }`, { id: restricted.id }, { purpose: "MARKETING" });
    expect(res.data!.customer).toEqual({ id: restricted.id, name: null });
    expect(res.extensions!.redactions).toContainEqual({ field: "Customer.name", reason: "RESTRICTED", count: 1 });
  });
});

describe("customer scope: consent rows a partner may see", () => {
  it("a partner sees consent states and ledger events only of purposes it holds, and of THIRD_PARTY_SHARING only its own", async () => {
    const mine = await createPartner(app.database.db, { name: "sharer", purposes: ["MARKETING", "THIRD_PARTY_SHARING"], fields: ["Customer.name"] });
    const other = await createPartner(app.database.db, { name: "competitor", purposes: ["THIRD_PARTY_SHARING"], fields: ["Customer.name"] });
    const { key } = await issueKey(app.database.db, mine.id);
    const record = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
    for (const partnerId of [mine.id, other.id]) {
      const res = await app.gql(record, { input: { customerId: customer.id, purpose: "THIRD_PARTY_SHARING", partnerId, status: "GRANTED", source: "HALL", policyVersion: "v1" } });
      expect(res.errors).toBeUndefined();
    }
    const query = `query($id: ID!) { customer(id: $id) { consents { purpose partnerId } consentHistory { purpose partnerId } } }`;
    for (const purpose of ["MARKETING", "THIRD_PARTY_SHARING"]) {
      const res = await app.gql(query, { id: customer.id }, { as: { apiKey: key }, purpose });
      expect(res.errors).toBeUndefined();
      const rows = [...res.data!.customer.consents, ...res.data!.customer.consentHistory] as { purpose: string; partnerId: string | null }[];
      expect(rows.length).toBeGreaterThan(0);
      // The steward sees SERVICE grants and the competitor's sharing consent; this partner sees neither.
      expect(rows.filter((r) => !["MARKETING", "THIRD_PARTY_SHARING"].includes(r.purpose))).toEqual([]);
      expect(rows.filter((r) => r.purpose === "THIRD_PARTY_SHARING" && r.partnerId !== mine.id)).toEqual([]);
    }
    const steward = await app.gql(query, { id: customer.id });
    const all = steward.data!.customer.consents as { purpose: string; partnerId: string | null }[];
    expect(all.some((r) => r.purpose === "SERVICE")).toBe(true);
    expect(all.some((r) => r.partnerId === other.id)).toBe(true);
  });
});
