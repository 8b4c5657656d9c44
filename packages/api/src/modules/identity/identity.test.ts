import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const ADD = /* GraphQL */ `
  mutation Add($input: AddIdentifierInput!) { addIdentifier(input: $input) { id type value validFrom validTo source } }`;
const CLOSE = /* GraphQL */ `
  mutation Close($id: ID!, $validTo: DateTime) { closeIdentifier(id: $id, validTo: $validTo) { id validTo } }`;
const HOLDER = /* GraphQL */ `
  query Holder($type: IdentifierType!, $value: String!, $at: DateTime) { customerByIdentifier(type: $type, value: $value, at: $at) { id } }`;
const UPDATE = /* GraphQL */ `
  mutation Update($id: ID!, $input: UpdateCustomerInput!, $v: Int!) { updateCustomer(id: $id, input: $input, expectedVersion: $v) { id phone } }`;

describe("identifiers as a timeline", () => {
  it("a number recycled from A (closed 2025-03-01) to B resolves to A on 2025-02-10 and to B on 2025-04-01", async () => {
    const [a, b] = await insertCustomers(app.database.db, 2, { phone: null });
    const number = "+8613712340001";
    const held = await app.gql(ADD, { input: { customerId: a, type: "MSISDN", value: "137 1234 0001", validFrom: "2024-01-01T00:00:00Z" } });
    expect(held.errors).toBeUndefined();
    expect(held.data!.addIdentifier).toMatchObject({ type: "MSISDN", value: number, validTo: null, source: "STEWARD" });

    // While A holds it, B cannot be given it for any overlapping period.
    const early = await app.gql(ADD, { input: { customerId: b, type: "MSISDN", value: number, validFrom: "2025-02-01T00:00:00Z" } });
    expect(early.errors![0]!.extensions!.code).toBe("CONFLICT");

    const closed = await app.gql(CLOSE, { id: held.data!.addIdentifier.id, validTo: "2025-03-01T00:00:00Z" });
    expect(closed.data!.closeIdentifier.validTo).toBe("2025-03-01T00:00:00.000Z");
    const recycled = await app.gql(ADD, { input: { customerId: b, type: "MSISDN", value: number, validFrom: "2025-03-01T00:00:00Z", source: "BILLING" } });
    expect(recycled.errors).toBeUndefined();

    const at = async (instant: string) => (await app.gql(HOLDER, { type: "MSISDN", value: number, at: instant })).data!.customerByIdentifier?.id;
    expect(await at("2025-02-10T00:00:00Z")).toBe(a);
    expect(await at("2025-02-28T23:59:59.999Z")).toBe(a);
    expect(await at("2025-03-01T00:00:00Z")).toBe(b);
    expect(await at("2025-04-01T00:00:00Z")).toBe(b);
    expect(await at("2023-06-01T00:00:00Z")).toBeUndefined();
  });

  it("20 concurrent writers giving one MSISDN to different customers for the same period: exactly one succeeds, the others get CONFLICT", async () => {
    const ids = await insertCustomers(app.database.db, 20, { phone: null });
    const value = "+8613712340020";
    const answers = await Promise.all(ids.map((customerId) => app.gql(ADD, { input: { customerId, type: "MSISDN", value, validFrom: "2026-01-01T00:00:00Z" } })));
    const codes = answers.map((r) => (r.errors ? r.errors[0]!.extensions!.code : "OK"));
    expect(codes.filter((c) => c === "OK")).toHaveLength(1);
    expect(codes.filter((c) => c === "CONFLICT")).toHaveLength(19);
    const rows = await app.database.db.execute(sql`select count(*)::int as n from identifiers where type = 'MSISDN' and value = ${value}`);
    expect(((rows as unknown as { rows?: { n: number }[] }).rows ?? (rows as unknown as { n: number }[]))[0]!.n).toBe(1);
  });

  it("concurrent profile updates giving one phone number to two customers leave exactly one current holder", async () => {
    const [a, b] = await insertCustomers(app.database.db, 2, { phone: null });
    const phone = "+8613712340033";
    const answers = await Promise.all([a, b].map((id) => app.gql(UPDATE, { id, input: { phone }, v: 1 })));
    const codes = answers.map((r) => (r.errors ? r.errors[0]!.extensions!.code : "OK"));
    expect(codes.sort()).toEqual(["CONFLICT", "OK"]);
    const holder = (await app.gql(HOLDER, { type: "MSISDN", value: phone })).data!.customerByIdentifier.id;
    expect(holder).toBe(answers[0]!.data?.updateCustomer ? a : b);
  });

  it("the database itself refuses an overlapping window, whatever path writes it", async () => {
    const [a, b] = await insertCustomers(app.database.db, 2, { phone: null });
    await app.database.db.execute(sql`insert into identifiers (customer_id, type, value, valid_from, valid_to) values (${a}, 'EMAIL', 'x@example.com', '2025-01-01', '2025-06-01')`);
    const overlapping = app.database.db.execute(sql`insert into identifiers (customer_id, type, value, valid_from) values (${b}, 'EMAIL', 'x@example.com', '2025-05-31')`);
    await expect(overlapping).rejects.toThrow();
    // Adjacent windows [.., 06-01) and [06-01, ..) do not overlap.
    await app.database.db.execute(sql`insert into identifiers (customer_id, type, value, valid_from) values (${b}, 'EMAIL', 'x@example.com', '2025-06-01')`);
  });

  it("closing never extends a window, refuses the profile's current phone, and checks its input", async () => {
    const [c] = await insertCustomers(app.database.db, 1, { phone: null });
    const device = await app.gql(ADD, { input: { customerId: c, type: "DEVICE_ID", value: "356938035643809", validFrom: "2025-01-01T00:00:00Z", validTo: "2025-12-01T00:00:00Z" } });
    const id = device.data!.addIdentifier.id;
    expect((await app.gql(CLOSE, { id, validTo: "2026-01-01T00:00:00Z" })).errors![0]!.extensions!.code).toBe("CONFLICT");
    expect((await app.gql(CLOSE, { id, validTo: "2024-01-01T00:00:00Z" })).errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "validTo" });
    expect((await app.gql(CLOSE, { id, validTo: "2025-11-01T00:00:00Z" })).data!.closeIdentifier.validTo).toBe("2025-11-01T00:00:00.000Z");
    expect((await app.gql(CLOSE, { id: "00000000-0000-4000-8000-000000000000" })).errors![0]!.extensions!.code).toBe("NOT_FOUND");

    const updated = await app.gql(UPDATE, { id: c, input: { phone: "+8613712340044" }, v: 1 });
    expect(updated.errors).toBeUndefined();
    const current = await app.database.db.execute(sql`select id from identifiers where customer_id = ${c} and type = 'MSISDN' and valid_to is null`);
    const currentId = ((current as unknown as { rows?: { id: string }[] }).rows ?? (current as unknown as { id: string }[]))[0]!.id;
    expect((await app.gql(CLOSE, { id: currentId })).errors![0]!.extensions).toMatchObject({ code: "CONFLICT", field: "id" });

    const bad = await app.gql(ADD, { input: { customerId: c, type: "MSISDN", value: "12345", validFrom: "2025-01-01T00:00:00Z", validTo: "2024-01-01T00:00:00Z" } });
    expect(bad.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(bad.errors![0]!.extensions!.problems.map((p: { field: string }) => p.field)).toEqual(["input.value", "input.validTo"]);
  });

  it("identifier writes are audited as writes of the customer, with the value hashed", async () => {
    const [c] = await insertCustomers(app.database.db, 1, { phone: null });
    await app.gql(ADD, { input: { customerId: c, type: "WECHAT_OPENID", value: "oWx-audit-test", validFrom: "2025-01-01T00:00:00Z" } });
    const rows = await app.database.db.execute(sql`select action, fields, changes::text as changes from audit_events where ${c}::uuid = any(customer_ids) and operation = 'Add' order by seq`);
    const list = (rows as unknown as { rows?: { action: string; fields: string[]; changes: string }[] }).rows ?? (rows as unknown as { action: string; fields: string[]; changes: string }[]);
    // The write, then the read of the identifier the mutation answered with.
    expect(list.map((r) => r.action)).toEqual(["CREATE", "READ"]);
    expect(list[0]).toMatchObject({ action: "CREATE", fields: ["Identifier.value"] });
    expect(list[0]!.changes).toContain('"field": "value"');
    expect(list.map((r) => r.changes ?? "").join()).not.toContain("oWx-audit-test");
  });

  it("only the service desk may add or close identifiers", async () => {
    const [c] = await insertCustomers(app.database.db, 1, { phone: null });
    for (const role of ["ANALYST", "AUDITOR", "ADMIN"] as const) {
      const res = await app.gql(ADD, { input: { customerId: c, type: "EXTERNAL", value: `ext-${role}` } }, { as: role });
      expect(res.errors![0]!.extensions!.code, role).toBe("FORBIDDEN");
    }
  });
});
