import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, insertIdentifier, validNationalId } from "../../test/builders.js";
import { customerInsight } from "../insight/insight.table.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id version name phone email nationalId region }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($id: ID!, $input: UpdateCustomerInput!, $v: Int!) {
    updateCustomer(id: $id, input: $input, expectedVersion: $v) { id version name address phone }
  }
`;

async function countCustomers() {
  const res = await app.gql(`{ customers(first: 1) { totalCount } }`);
  return res.data!.customers.totalCount as number;
}

describe("customers", () => {
  it("creates a customer, normalising the phone to E.164 and indexing it as an identifier", async () => {
    const res = await app.gql(CREATE, {
      input: { kind: "INDIVIDUAL", name: "李娜", phone: "138 0013 8000", email: "Li.Na@Example.com", nationalId: validNationalId(1), region: "Beijing" },
    });
    expect(res.errors).toBeUndefined();
    const created = res.data!.createCustomer;
    expect(created).toMatchObject({ version: 1, name: "李娜", phone: "+8613800138000", email: "li.na@example.com" });
    const found = await app.gql(`query { customerByIdentifier(type: MSISDN, value: "13800138000") { id identifiers { type value validTo } } }`);
    expect(found.data!.customerByIdentifier.id).toBe(created.id);
    expect(found.data!.customerByIdentifier.identifiers).toEqual(
      expect.arrayContaining([
        { type: "MSISDN", value: "+8613800138000", validTo: null },
        { type: "EMAIL", value: "li.na@example.com", validTo: null },
      ]),
    );
  });

  it("rejects a malformed MSISDN naming the field, and writes nothing", async () => {
    const before = await countCustomers();
    const res = await app.gql(CREATE, { input: { kind: "INDIVIDUAL", name: "Bad Phone", phone: "12345" } });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.phone" });
    expect(res.errors![0]!.message).toContain("not a valid mobile number");
    expect(await countCustomers()).toBe(before);
  });

  it("rejects a national id with a wrong check digit, and writes nothing", async () => {
    const good = validNationalId(7);
    const wrong = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    const before = await countCustomers();
    const res = await app.gql(CREATE, { input: { kind: "INDIVIDUAL", name: "Wrong Check", nationalId: wrong } });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.nationalId" });
    expect(res.errors![0]!.message).toContain("check digit");
    expect(await countCustomers()).toBe(before);
  });

  it("reports every invalid field of one input at once", async () => {
    const res = await app.gql(CREATE, { input: { kind: "INDIVIDUAL", name: " ", email: "not-an-email", birthDate: "2999-01-01" } });
    const problems = res.errors![0]!.extensions!.problems.map((p: { field: string }) => p.field);
    expect(problems).toEqual(expect.arrayContaining(["input.name", "input.email", "input.birthDate"]));
  });

  it("rejects an unknown enum value as BAD_USER_INPUT", async () => {
    const res = await app.gql(CREATE, { input: { kind: "ALIEN", name: "X" } });
    expect(res.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toContain("ALIEN");
    const literal = await app.gql(`{ customers(filter: { kind: [ALIEN] }) { totalCount } }`);
    expect(literal.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("updates with the current version and refuses a stale one with CONFLICT, writing nothing", async () => {
    const { data } = await app.gql(CREATE, { input: { kind: "FAMILY", name: "王芳" } });
    const id = data!.createCustomer.id;
    const first = await app.gql(UPDATE, { id, input: { address: "杭州市西湖区文三路 1 号" }, v: 1 });
    expect(first.data!.updateCustomer).toMatchObject({ version: 2, address: "杭州市西湖区文三路 1 号" });
    const stale = await app.gql(UPDATE, { id, input: { address: "lost update" }, v: 1 });
    expect(stale.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", currentVersion: 2, expectedVersion: 1 });
    const after = await app.gql(`query($id: ID!) { customer(id: $id) { version address } }`, { id });
    expect(after.data!.customer).toEqual({ version: 2, address: "杭州市西湖区文三路 1 号" });
  });

  it("moves the MSISDN identifier when the phone number changes", async () => {
    const { data } = await app.gql(CREATE, { input: { kind: "INDIVIDUAL", name: "Zhao Lei", phone: "+8613911112222" } });
    const id = data!.createCustomer.id;
    await app.gql(UPDATE, { id, input: { phone: "+8613933334444" }, v: 1 });
    const old = await app.gql(`{ customerByIdentifier(type: MSISDN, value: "+8613911112222") { id } }`);
    expect(old.data!.customerByIdentifier).toBeNull();
    const current = await app.gql(`{ customerByIdentifier(type: MSISDN, value: "+8613933334444") { id } }`);
    expect(current.data!.customerByIdentifier.id).toBe(id);
  });

  it("refuses a phone number another customer currently holds", async () => {
    await app.gql(CREATE, { input: { kind: "INDIVIDUAL", name: "Holder", phone: "+8615000000001" } });
    const res = await app.gql(CREATE, { input: { kind: "INDIVIDUAL", name: "Second", phone: "+8615000000001" } });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", field: "input.phone" });
  });

  it("resolves a recycled number to whoever held it at the time asked", async () => {
    const [before, after] = await insertCustomers(app.database.db, 2, { region: "Sichuan" });
    await insertIdentifier(app.database.db, { customerId: before!, type: "MSISDN", value: "+8618800001111", validFrom: new Date("2020-01-01"), validTo: new Date("2023-01-01") });
    await insertIdentifier(app.database.db, { customerId: after!, type: "MSISDN", value: "+8618800001111", validFrom: new Date("2023-06-01") });
    const q = `query($at: DateTime) { customerByIdentifier(type: MSISDN, value: "+8618800001111", at: $at) { id } }`;
    expect((await app.gql(q, { at: "2021-05-01T00:00:00Z" })).data!.customerByIdentifier.id).toBe(before);
    expect((await app.gql(q, { at: "2023-03-01T00:00:00Z" })).data!.customerByIdentifier).toBeNull();
    expect((await app.gql(q)).data!.customerByIdentifier.id).toBe(after);
  });

  it("answers null for an unknown or malformed id, never a database error", async () => {
    const res = await app.gql(`{ a: customer(id: "00000000-0000-4000-8000-000000000000") { id } b: customer(id: "nope") { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: null, b: null });
  });
});

describe("customer list", () => {
  let ids: string[];
  beforeAll(async () => {
    ids = await insertCustomers(app.database.db, 45, { region: "Hainan", kind: "ENTERPRISE" });
  });

  const LIST = /* GraphQL */ `
    query List($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
      customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        edges { cursor node { id name } }
        pageInfo { hasNextPage endCursor }
      }
    }
  `;

  it("walks every page with keyset cursors, without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: any = await app.gql(LIST, { first: 10, after, filter: { region: ["Hainan"] } });
      const conn: any = res.data!.customers;
      expect(conn.totalCount).toBe(45);
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
  });

  it("orders by name descending across pages", async () => {
    const first = await app.gql(LIST, { first: 20, filter: { region: ["Hainan"] }, orderBy: { field: "NAME", direction: "DESC" } });
    const second = await app.gql(LIST, {
      first: 30,
      after: first.data!.customers.pageInfo.endCursor,
      filter: { region: ["Hainan"] },
      orderBy: { field: "NAME", direction: "DESC" },
    });
    const names = [...first.data!.customers.edges, ...second.data!.customers.edges].map((e: { node: { name: string } }) => e.node.name);
    expect(names).toHaveLength(45);
    expect(names).toEqual([...names].sort().reverse());
  });

  it("filters by kind and searches name, phone and email", async () => {
    const byName = await app.gql(LIST, { filter: { search: "customer 004", region: ["Hainan"] } });
    expect(byName.data!.customers.totalCount).toBe(5); // Customer 0040 … 0044
    const byKind = await app.gql(LIST, { filter: { kind: ["GOVERNMENT"], region: ["Hainan"] } });
    expect(byKind.data!.customers.totalCount).toBe(0);
    const created = await app.gql(CREATE, { input: { kind: "INDIVIDUAL", name: "Search Me", phone: "+8617712345678", email: "findme@tessera.test" } });
    const byPhone = await app.gql(LIST, { filter: { search: "1771234" } });
    expect(byPhone.data!.customers.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([created.data!.createCustomer.id]);
    // As agents type or paste a number: grouped with spaces or dashes, with the country code, in parentheses.
    for (const typed of ["177 1234 5678", "177-1234-5678", "+86 177 1234 5678", "(177) 1234.5678"]) {
      const found = await app.gql(LIST, { filter: { search: typed } });
      expect(found.data!.customers.edges.map((e: { node: { id: string } }) => e.node.id), typed).toEqual([created.data!.createCustomer.id]);
    }
    const byEmail = await app.gql(LIST, { filter: { search: "FINDME@" } });
    expect(byEmail.data!.customers.totalCount).toBe(1);
    const literal = await app.gql(LIST, { filter: { search: "100%_" } });
    expect(literal.data!.customers.totalCount).toBe(0);
  });

  it("filters by account manager (issue 13: customer filters for account manager), any of the names given", async () => {
    const [mine] = await insertCustomers(app.database.db, 1, { region: "Xinjiang", accountManager: "li.na" });
    const [theirs] = await insertCustomers(app.database.db, 1, { region: "Xinjiang", accountManager: "wang.wei" });
    await insertCustomers(app.database.db, 1, { region: "Xinjiang", accountManager: null });
    const ids = async (accountManager: string[]) =>
      (await app.gql(LIST, { filter: { region: ["Xinjiang"], accountManager } })).data!.customers.edges.map((e: { node: { id: string } }) => e.node.id).sort();
    expect(await ids(["li.na"])).toEqual([mine]);
    expect(await ids(["li.na", "wang.wei"])).toEqual([mine, theirs].sort());
  });

  it("refuses a page larger than the maximum and a forged cursor", async () => {
    const big = await app.gql(LIST, { first: 10_000 });
    expect(big.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    const forged = await app.gql(LIST, { first: 5, after: "not-a-cursor" });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    expect(JSON.stringify(forged)).not.toMatch(/select|stack|at .*\.ts/i);
  });
});

describe("customer list sorted on stored insight (issue 13: sorting on every sortable column)", () => {
  const TIERS = ["HIGH", "MEDIUM", "LOW"] as const;
  const STAGES = ["PROSPECT", "NEW", "GROWING", "STABLE", "AT_RISK", "CHURNED", "REACTIVATED"] as const;
  // 23 customers: 20 scored with many ties (4 churn scores, 3 tiers, 7 stages), 3 never scored.
  const scored = new Map<string, { tier: number; stage: number; score: number }>();
  let unscored: string[] = [];
  beforeAll(async () => {
    const ids = await insertCustomers(app.database.db, 20, { region: "Qinghai" });
    unscored = await insertCustomers(app.database.db, 3, { region: "Qinghai" });
    await app.database.db.insert(customerInsight).values(
      ids.map((customerId, i) => {
        scored.set(customerId, { tier: 2 - (i % 3), stage: i % 7, score: (i % 4) * 25 });
        return { customerId, tenureMonths: 12, valueTier: TIERS[i % 3]!, lifecycleStage: STAGES[i % 7]!, churnScore: (i % 4) * 25, churnLevel: "LOW" as const, reasons: [], computedAt: new Date() };
      }),
    );
  });

  const LIST = /* GraphQL */ `
    query List($first: Int, $after: String, $last: Int, $before: String, $orderBy: CustomerOrder) {
      customers(first: $first, after: $after, last: $last, before: $before, filter: { region: ["Qinghai"] }, orderBy: $orderBy) {
        edges { node { id insight { valueTier lifecycleStage churnRisk { score } } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  `;
  type Conn = { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } };
  const page = async (vars: Record<string, unknown>) => {
    const res = await app.gql(LIST, vars);
    expect(res.errors).toBeUndefined();
    return res.data!.customers as Conn;
  };
  // The order the rule states: the key (unscored lowest), then the id, both reversed descending.
  const key = { VALUE_TIER: (id: string) => scored.get(id)?.tier ?? -1, LIFECYCLE_STAGE: (id: string) => scored.get(id)?.stage ?? -1, CHURN_SCORE: (id: string) => scored.get(id)?.score ?? -1 };
  const expected = (field: keyof typeof key, direction: "ASC" | "DESC") => {
    const asc = [...scored.keys(), ...unscored].sort((a, b) => key[field](a) - key[field](b) || (a < b ? -1 : a > b ? 1 : 0));
    return direction === "ASC" ? asc : asc.reverse();
  };

  for (const field of ["VALUE_TIER", "CHURN_SCORE", "LIFECYCLE_STAGE"] as const) {
    for (const direction of ["ASC", "DESC"] as const) {
      it(`pages ${field} ${direction} forward and back in pages of 5, ties broken by id, without gaps or repeats`, async () => {
        const orderBy = { field, direction };
        const forward: string[] = [];
        const cursors: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 10; i++) {
          const conn: Conn = await page({ first: 5, after, orderBy });
          forward.push(...conn.edges.map((e) => e.node.id));
          cursors.push(conn.pageInfo.endCursor);
          if (!conn.pageInfo.hasNextPage) break;
          after = conn.pageInfo.endCursor;
        }
        expect(forward).toEqual(expected(field, direction));
        // Backward from the end: the same rows, page by page.
        const backward: string[] = [];
        let before: string | null = cursors.at(-1)!;
        backward.unshift(forward.at(-1)!);
        for (let i = 0; i < 10; i++) {
          const conn: Conn = await page({ last: 5, before, orderBy });
          backward.unshift(...conn.edges.map((e) => e.node.id));
          if (!conn.pageInfo.hasPreviousPage) break;
          before = conn.pageInfo.startCursor;
        }
        expect(backward).toEqual(forward);
      });
    }
  }

  it("refuses sorting on insight to a role that may not read it (a sort is an oracle), and a cursor of another order", async () => {
    for (const field of ["VALUE_TIER", "CHURN_SCORE", "LIFECYCLE_STAGE"]) {
      const res = await app.gql(`query($o: CustomerOrder) { customers(first: 5, orderBy: $o) { totalCount } }`, { o: { field, direction: "ASC" } }, { as: "AUDITOR" });
      expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    const tier = await page({ first: 5, orderBy: { field: "VALUE_TIER", direction: "ASC" } });
    const res = await app.gql(LIST, { first: 5, after: tier.pageInfo.endCursor, orderBy: { field: "CHURN_SCORE", direction: "ASC" } });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});
