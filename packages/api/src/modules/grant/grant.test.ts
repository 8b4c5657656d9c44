import { and, desc, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../audit/audit.table.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { operatorAudit } from "../../cli/operator.js";
import { createUser } from "../user/user.service.js";

let app: TestApp;
/** A second admin (the first is the tests' "admin" session user). */
let second: { authorization: string };
beforeAll(async () => {
  app = await startTestApp();
  await createUser(app.database.db, { username: "admin.two", role: "ADMIN", password: "correct horse battery" });
  second = await loginAs("admin.two");
});
afterAll(() => app.close());

async function loginAs(username: string, password = "correct horse battery") {
  const res = await app.gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u: username, p: password }, { as: "ANONYMOUS" });
  if (!res.data?.login) return undefined as never;
  return { authorization: `Bearer ${res.data.login.token}` };
}
const asSecond = () => ({ as: "ANONYMOUS" as const, headers: second.authorization ? second : {} });
const pendingFor = async (targetId: string) =>
  (await app.gql(`{ pendingGrants { id kind targetId proposed requestedBy } }`, {}, { as: "ADMIN" })).data!.pendingGrants.filter((g: any) => g.targetId === targetId);
const APPROVE = `mutation($id: ID!) { approveGrant(id: $id) { status decidedBy } }`;

describe("four eyes: grants that widen access to personal data wait for a second admin", () => {
  it("a STEWARD created by one admin cannot log in until a different admin approves; the requester cannot approve", async () => {
    const created = await app.gql(`mutation { createUser(username: "new.steward", role: STEWARD, password: "correct horse battery") { id role awaitingApproval } }`, {}, { as: "ADMIN" });
    expect(created.data!.createUser).toMatchObject({ role: "STEWARD", awaitingApproval: true });
    const userId = created.data!.createUser.id;
    expect(await loginAs("new.steward")).toBeUndefined();
    const [grant] = await pendingFor(userId);
    expect(grant).toMatchObject({ kind: "USER_ROLE", proposed: { role: "STEWARD" }, requestedBy: "user:admin" });
    const own = await app.gql(APPROVE, { id: grant.id }, { as: "ADMIN" });
    expect(own.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const before = (await app.database.db.select({ seq: auditEvents.seq }).from(auditEvents)).reduce((m, r) => Math.max(m, Number(r.seq)), 0);
    const approved = await app.gql(APPROVE, { id: grant.id }, asSecond());
    expect(approved.data!.approveGrant).toEqual({ status: "APPROVED", decidedBy: "user:admin.two" });
    expect(await loginAs("new.steward")).toBeDefined();
    const again = await app.gql(APPROVE, { id: grant.id }, asSecond());
    expect(again.errors![0]!.extensions!.code).toBe("CONFLICT");
    const audited = await app.database.db.select().from(auditEvents).where(and(gt(auditEvents.seq, before), eq(auditEvents.operation, "approveGrant")));
    expect(audited.map((r) => r.principal)).toContain("user:admin.two");
  }, 60_000);

  it("roles that read no identifying data are created directly; narrowing a role applies at once, widening waits and can be rejected", async () => {
    const analyst = await app.gql(`mutation { createUser(username: "plain.analyst", role: ANALYST, password: "correct horse battery") { id awaitingApproval } }`, {}, { as: "ADMIN" });
    expect(analyst.data!.createUser.awaitingApproval).toBe(false);
    const id = analyst.data!.createUser.id;
    expect(await pendingFor(id)).toEqual([]);
    const widened = await app.gql(`mutation($id: ID!) { setUserRole(userId: $id, role: AGENT) { role } }`, { id }, { as: "ADMIN" });
    expect(widened.data!.setUserRole.role).toBe("ANALYST");
    const [grant] = await pendingFor(id);
    expect(grant.proposed).toEqual({ role: "AGENT" });
    const rejected = await app.gql(`mutation($id: ID!) { rejectGrant(id: $id, reason: "not on the service desk") { status } }`, { id: grant.id }, asSecond());
    expect(rejected.data!.rejectGrant.status).toBe("REJECTED");
    const narrowed = await app.gql(`mutation($id: ID!) { setUserRole(userId: $id, role: AUDITOR) { role } }`, { id }, { as: "ADMIN" });
    expect(narrowed.data!.setUserRole.role).toBe("AUDITOR");
    expect(await pendingFor(id)).toEqual([]);
  }, 60_000);

  it("a partner app's keys work only after a second admin approves it; widening its contract waits, narrowing applies", async () => {
    const app1 = await app.gql(`mutation { createPartnerApp(name: "four-eyes-partner", purposes: [ANALYTICS], fields: ["Customer.region"]) { id awaitingApproval } }`, {}, { as: "ADMIN" });
    const partnerId = app1.data!.createPartnerApp.id;
    expect(app1.data!.createPartnerApp.awaitingApproval).toBe(true);
    const key = (await app.gql(`mutation($id: ID!) { createApiKey(partnerId: $id) { key } }`, { id: partnerId }, { as: "ADMIN" })).data!.createApiKey.key;
    const read = () => app.gql(`{ me { name } }`, {}, { as: { apiKey: key }, purpose: "ANALYTICS" });
    expect((await read()).status).toBe(401);
    const [grant] = await pendingFor(partnerId);
    expect((await app.gql(APPROVE, { id: grant.id }, asSecond())).errors).toBeUndefined();
    expect((await read()).data!.me.name).toBe("four-eyes-partner");

    const UPDATE = `mutation($id: ID!, $p: [Purpose!]!, $f: [String!]!) { updatePartnerApp(id: $id, purposes: $p, fields: $f, capabilities: []) { allowedPurposes fieldAllowlist } }`;
    const widen = await app.gql(UPDATE, { id: partnerId, p: ["ANALYTICS", "SENSITIVE_PROCESSING"], f: ["Customer.*"] }, { as: "ADMIN" });
    expect(widen.data!.updatePartnerApp).toEqual({ allowedPurposes: ["ANALYTICS"], fieldAllowlist: ["Customer.region"] });
    const [widening] = await pendingFor(partnerId);
    expect(widening.proposed).toEqual({ purposes: ["ANALYTICS", "SENSITIVE_PROCESSING"], fields: ["Customer.*"], capabilities: [] });
    const sensitive = await app.gql(`{ me { name } }`, {}, { as: { apiKey: key }, purpose: "SENSITIVE_PROCESSING" });
    expect(sensitive.errors![0]!.extensions!.code).toBe("PURPOSE_NOT_ALLOWED");
    const narrow = await app.gql(UPDATE, { id: partnerId, p: ["ANALYTICS"], f: [] }, { as: "ADMIN" });
    expect(narrow.data!.updatePartnerApp).toEqual({ allowedPurposes: ["ANALYTICS"], fieldAllowlist: [] });
  }, 60_000);

  it("the operator's CLI applies grants directly but names the operator (--as) in the audit row", async () => {
    const created = await createUser(app.database.db, { username: "cli.steward", role: "STEWARD", password: "correct horse battery" }, operatorAudit("createUser", "ops.lead"));
    expect(created.awaitingApproval).toBe(false);
    const [row] = await app.database.db.select().from(auditEvents).where(eq(auditEvents.operation, "createUser")).orderBy(desc(auditEvents.seq)).limit(1);
    expect(row!.principal).toBe("operator:ops.lead");
  });
});
