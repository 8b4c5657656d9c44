import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { daysAgo, insertBilledCustomer, insertComplaint, insertScore } from "../insight/insight.builders.js";
import { refreshAllInsight } from "../insight/insight.refresh.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  const db = app.database.db;
  // A mix of regions, value and risk: at-risk customers have a falling bill, a complaint and a detractor score.
  for (let i = 0; i < 48; i++) {
    const region = ["Guangdong", "Zhejiang", "Sichuan"][i % 3]!;
    const level = [900, 260, 40, 1500][i % 4]!;
    const falling = i % 5 === 0 || i % 7 === 0;
    const id = await insertBilledCustomer(db, {
      region,
      city: region === "Guangdong" ? (i % 2 ? "Shenzhen" : "Guangzhou") : null,
      kind: i % 6 === 0 ? "ENTERPRISE" : "INDIVIDUAL",
      bills: falling ? [level, level, level, level * 0.7] : [level, level, level, level],
      birthDate: `${1950 + i}-06-15`,
      specialCare: i % 9 === 0 ? ["ELDERLY"] : [],
    });
    if (falling) {
      await insertComplaint(db, id, daysAgo(12));
      await insertScore(db, id, "NPS", 2, daysAgo(11));
    }
  }
  await refreshAllInsight(app.database);
});
afterAll(() => app.close());

const CREATE = /* GraphQL */ `
  mutation Create($name: String!, $definition: SegmentFilter!) {
    createSegment(name: $name, definition: $definition) { id name memberCount definition refreshedAt createdBy }
  }
`;
const MEMBERS = /* GraphQL */ `
  query Members($id: ID!, $first: Int, $after: String) {
    segment(id: $id) {
      memberCount
      members(first: $first, after: $after) { totalCount edges { node { id name region } } pageInfo { hasNextPage endCursor } }
    }
  }
`;

async function allMembers(id: string, as: "STEWARD" | "ANALYST" | "ADMIN" = "STEWARD", first = 4): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res: any = await app.gql(MEMBERS, { id, first, after }, { as });
    expect(res.errors).toBeUndefined();
    const members = res.data.segment.members;
    ids.push(...members.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!members.pageInfo.hasNextPage) break;
    after = members.pageInfo.endCursor;
  }
  return ids;
}

async function sqlIds(where: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await app.database.db.execute(
      sql.raw(`select c.id from customers c left join customer_insight ci on ci.customer_id = c.id where ${where} order by c.created_at, c.id`),
    ),
  );
  return rows.map((r) => r.id);
}

describe("segments", () => {
  it('"high value, at risk, in Guangdong" has exactly the members a direct SQL query finds', async () => {
    const definition = {
      and: [
        { field: "VALUE_TIER", op: "EQ", value: "HIGH" },
        { field: "LIFECYCLE_STAGE", op: "EQ", value: "AT_RISK" },
        { field: "REGION", op: "EQ", value: "Guangdong" },
      ],
    };
    const res = await app.gql(CREATE, { name: "High value, at risk, Guangdong", definition });
    expect(res.errors).toBeUndefined();
    const segment = res.data!.createSegment;
    const expected = await sqlIds(`ci.value_tier = 'HIGH' and ci.lifecycle_stage = 'AT_RISK' and c.region = 'Guangdong'`);
    expect(expected.length).toBeGreaterThan(1);
    expect(segment).toMatchObject({ memberCount: expected.length, definition, createdBy: "user:steward" });
    expect(await allMembers(segment.id)).toEqual(expected);
    const first = await app.gql(MEMBERS, { id: segment.id, first: 1 });
    expect(first.data!.segment.members.totalCount).toBe(expected.length);
  });

  it("evaluates or, not, IN, BETWEEN and numeric comparisons like the equivalent SQL", async () => {
    const definition = {
      or: [
        { and: [{ field: "CHURN_SCORE", op: "GTE", value: 40 }, { not: { field: "REGION", op: "IN", value: ["Sichuan", "Zhejiang"] } }] },
        { and: [{ field: "ARPU", op: "BETWEEN", value: [200, 1000] }, { field: "KIND", op: "NE", value: "ENTERPRISE" }, { field: "CITY", op: "NE", value: "Shenzhen" }] },
        { and: [{ field: "AGE", op: "LT", value: 30 }, { field: "SPECIAL_CARE", op: "NE", value: "ELDERLY" }, { field: "TENURE_MONTHS", op: "GT", value: 12 }] },
      ],
    };
    const res = await app.gql(CREATE, { name: "Mixed", definition });
    expect(res.errors).toBeUndefined();
    const expected = await sqlIds(`
      (ci.churn_score >= 40 and not coalesce(c.region in ('Sichuan', 'Zhejiang'), false))
      or (ci.arpu between 200 and 1000 and c.kind <> 'ENTERPRISE' and c.city is distinct from 'Shenzhen')
      or (extract(year from age(current_date, c.birth_date)) < 30 and not ('ELDERLY' = any(c.special_care)) and ci.tenure_months > 12)`);
    expect(expected.length).toBeGreaterThan(3);
    expect(res.data!.createSegment.memberCount).toBe(expected.length);
    expect(await allMembers(res.data!.createSegment.id, "STEWARD", 50)).toEqual(expected);
  });

  it("binds values as parameters: text that looks like SQL matches nothing", async () => {
    const res = await app.gql(CREATE, { name: "Injection", definition: { field: "REGION", op: "EQ", value: "x' or '1'='1" } });
    expect(res.data!.createSegment.memberCount).toBe(0);
  });

  it("rejects a malformed tree with every problem and its path, and stores nothing", async () => {
    const before = (await app.gql(`{ segments { totalCount } }`)).data!.segments.totalCount;
    const res = await app.gql(CREATE, {
      name: " ",
      definition: {
        and: [
          { field: "REGION", op: "GT", value: "Guangdong" },
          { field: "CHURN_SCORE", op: "EQ", value: "high" },
          { or: [] },
          { field: "VALUE_TIER", op: "IN", value: ["HIGH", "GOLD"] },
          { field: "ARPU", op: "BETWEEN", value: [500, 100] },
          { field: "KIND", op: "EQ", value: "INDIVIDUAL", not: { field: "KIND", op: "EQ", value: "FAMILY" } },
        ],
      },
    });
    expect(res.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.extensions!.problems.map((p: { field: string }) => p.field)).toEqual([
      "name",
      "definition.and[0].op",
      "definition.and[1].value",
      "definition.and[2].or",
      "definition.and[3].value[1]",
      "definition.and[4].value",
      "definition.and[5]",
    ]);
    expect(res.errors![0]!.message).toContain("GT does not apply to REGION");
    expect(res.errors![0]!.extensions!.problems.map((p: { code: string }) => p.code)).toEqual([
      "EMPTY",
      "SEGMENT_OP_NOT_FOR_FIELD",
      "SEGMENT_NOT_A_NUMBER",
      "EMPTY",
      "SEGMENT_NOT_ONE_OF",
      "SEGMENT_RANGE_REVERSED",
      "SEGMENT_ONE_FORM",
    ]);
    expect(res.errors![0]!.extensions!.problems[1].params).toEqual({ op: "GT", field: "REGION", allowed: "EQ, NE, IN" });
    expect((await app.gql(`{ segments { totalCount } }`)).data!.segments.totalCount).toBe(before);
  });

  it("lists segments newest first, refreshes counts, deletes", async () => {
    const created = await app.gql(CREATE, { name: "Low value", definition: { field: "VALUE_TIER", op: "EQ", value: "LOW" } });
    const id = created.data!.createSegment.id;
    const list = await app.gql(`{ segments(first: 2) { totalCount edges { node { id name } } pageInfo { hasNextPage } } }`);
    expect(list.data!.segments.edges[0].node).toEqual({ id, name: "Low value" });
    const low = await insertBilledCustomer(app.database.db, { bills: [10, 10, 10] });
    await refreshAllInsight(app.database);
    const refreshed = await app.gql(`mutation($id: ID!) { refreshSegment(id: $id) { memberCount } }`, { id });
    expect(refreshed.data!.refreshSegment.memberCount).toBe(created.data!.createSegment.memberCount + 1);
    expect(await allMembers(id, "STEWARD", 100)).toContain(low);
    expect((await app.gql(`mutation($id: ID!) { deleteSegment(id: $id) }`, { id })).data!.deleteSegment).toBe(true);
    expect((await app.gql(`query($id: ID!) { segment(id: $id) { id } }`, { id })).data!.segment).toBeNull();
    const gone = await app.gql(`mutation($id: ID!) { refreshSegment(id: $id) { id } }`, { id });
    expect(gone.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });
});

describe("segments and the privacy policy", () => {
  it("analysts segment on insight and see members without direct identifiers", async () => {
    const res = await app.gql(CREATE, { name: "At risk", definition: { field: "CHURN_LEVEL", op: "EQ", value: "HIGH" } }, { as: "ANALYST" });
    expect(res.errors).toBeUndefined();
    const members = await app.gql(MEMBERS, { id: res.data!.createSegment.id, first: 3 }, { as: "ANALYST" });
    const nodes = members.data!.segment.members.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.length).toBe(3);
    for (const node of nodes) expect(node).toMatchObject({ name: null });
    expect(members.extensions!.redactions).toEqual(expect.arrayContaining([expect.objectContaining({ field: "Customer.name", reason: "MASKED_BY_ROLE" })]));
  });

  it("refuses to filter on a field the principal does not read in full, also for someone else's segment", async () => {
    const denied = await app.gql(CREATE, { name: "Elderly", definition: { field: "SPECIAL_CARE", op: "EQ", value: "ELDERLY" } }, { as: "ANALYST" });
    expect(denied.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", fields: ["SPECIAL_CARE"] });
    const stewards = await app.gql(CREATE, { name: "Elderly", definition: { field: "SPECIAL_CARE", op: "EQ", value: "ELDERLY" } });
    const id = stewards.data!.createSegment.id;
    expect(stewards.data!.createSegment.memberCount).toBe((await sqlIds(`'ELDERLY' = any(c.special_care)`)).length);
    const read = await app.gql(MEMBERS, { id, first: 5 }, { as: "ANALYST" });
    expect(read.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("is for analysts, stewards and admins only", async () => {
    const agent = await app.gql(`{ segments { totalCount } }`, {}, { as: "AGENT" });
    expect(agent.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const auditor = await app.gql(CREATE, { name: "x", definition: { field: "KIND", op: "EQ", value: "FAMILY" } }, { as: "AUDITOR" });
    expect(auditor.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});
