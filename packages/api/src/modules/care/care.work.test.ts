import { addDays } from "../../lib/days.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interactions } from "../../db/schema.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";
import { careToday } from "./care.rules.js";
import { careTaskStates } from "./care.table.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const TASKS = `query($id: ID!) { customer(id: $id) { careTasks { id kind assignee snoozedUntil } } }`;
const QUEUE = `query($filter: CareTaskFilter) { careTasks(filter: $filter) { totalCount edges { node { id customerId kind assignee snoozedUntil } } } }`;
const COMPLETE = `mutation($input: CompleteCareTaskInput!) { completeCareTask(input: $input) { id type channel outcome summary } }`;
const SNOOZE = `mutation($input: SnoozeCareTaskInput!) { snoozeCareTask(input: $input) { id snoozedUntil } }`;
const ASSIGN = `mutation($input: AssignCareTaskInput!) { assignCareTask(input: $input) { id assignee } }`;

/** A special-care customer: a SPECIAL_CARE task (a care visit) is due today. */
async function specialCareTask() {
  const [customerId] = await insertCustomers(app.database.db, 1, { name: "Work", specialCare: ["ELDERLY"] });
  const res = await app.gql(TASKS, { id: customerId });
  expect(res.errors).toBeUndefined();
  const [task] = res.data!.customer.careTasks;
  expect(task.kind).toBe("SPECIAL_CARE");
  return { customerId: customerId!, taskId: task.id as string };
}

const queueOf = async (customerId: string, extra: Record<string, unknown> = {}) => (await app.gql(QUEUE, { filter: { customerId, ...extra } })).data!.careTasks;

describe("working care tasks (issue 13: care tasks can be worked — complete with outcome, snooze, assign; the outcome is logged as an interaction)", () => {
  it("completing a task logs the contact it asks for (a care visit: type CARE through VISIT/ONSITE) with its outcome as an interaction, and the task leaves the queue", async () => {
    const ref = await specialCareTask();
    const byPhone = await app.gql(COMPLETE, { input: { ...ref, channel: "HOTLINE", outcome: "COMPLETED" } });
    expect(byPhone.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const done = await app.gql(COMPLETE, { input: { ...ref, channel: "VISIT", outcome: "COMPLETED", summary: "Visited at home" } });
    expect(done.errors).toBeUndefined();
    expect(done.data!.completeCareTask).toMatchObject({ type: "CARE", channel: "VISIT", outcome: "COMPLETED", summary: "Visited at home" });
    const logged = await app.database.db.select().from(interactions).where(eq(interactions.customerId, ref.customerId));
    expect(logged.map((i) => [i.type, i.channel, i.outcome])).toEqual([["CARE", "VISIT", "COMPLETED"]]);
    expect((await queueOf(ref.customerId)).totalCount).toBe(0);
  });

  it("an outcome outside the care outcomes is refused (a contact not made does not complete a task), and nothing is logged", async () => {
    const ref = await specialCareTask();
    const res = await app.gql(COMPLETE, { input: { ...ref, channel: "VISIT", outcome: "NO_ANSWER" } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(await app.database.db.select().from(interactions).where(eq(interactions.customerId, ref.customerId))).toEqual([]);
  });

  it("a snoozed task leaves the queue until its day and is listed under snoozed; a day not after today or past 90 days is refused", async () => {
    const ref = await specialCareTask();
    const today = careToday();
    for (const until of [today, addDays(today, 91)]) {
      const refused = await app.gql(SNOOZE, { input: { ...ref, until } });
      expect(refused.errors?.[0]?.extensions, until).toMatchObject({ code: "BAD_USER_INPUT" });
    }
    const res = await app.gql(SNOOZE, { input: { ...ref, until: addDays(today, 7) } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.snoozeCareTask).toEqual({ id: ref.taskId, snoozedUntil: addDays(today, 7) });
    expect((await queueOf(ref.customerId)).totalCount).toBe(0);
    const snoozed = await queueOf(ref.customerId, { snoozed: true });
    expect(snoozed.edges.map((e: any) => [e.node.id, e.node.snoozedUntil])).toEqual([[ref.taskId, addDays(today, 7)]]);
    // A recurring kind (due every day until handled) keeps its state per customer and kind, so the snooze outlives today.
    const [state] = await app.database.db.select().from(careTaskStates).where(eq(careTaskStates.customerId, ref.customerId));
    expect(state).toMatchObject({ kind: "SPECIAL_CARE", dueOn: null });
    // Once the snooze has ended the task is back in the queue.
    await app.database.db.update(careTaskStates).set({ snoozedUntil: today }).where(eq(careTaskStates.customerId, ref.customerId));
    expect((await queueOf(ref.customerId)).edges.map((e: any) => e.node.id)).toEqual([ref.taskId]);
  });

  it("a task is assigned only to an active steward or agent, is found by its assignee, and can be unassigned", async () => {
    const ref = await specialCareTask();
    await app.gql(`{ me { name } }`, {}, { as: "AGENT" });
    await app.gql(`{ me { name } }`, {}, { as: "ANALYST" });
    const assignees = await app.gql(`{ careAssignees { username } }`);
    expect(assignees.data!.careAssignees.map((a: any) => a.username)).toContain("agent");
    expect(assignees.data!.careAssignees.map((a: any) => a.username)).not.toContain("analyst");
    for (const assignee of ["analyst", "nobody"]) {
      const refused = await app.gql(ASSIGN, { input: { ...ref, assignee } });
      expect(refused.errors?.[0]?.extensions, assignee).toMatchObject({ code: "BAD_USER_INPUT", field: "input.assignee" });
    }
    const res = await app.gql(ASSIGN, { input: { ...ref, assignee: "agent" } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.assignCareTask).toEqual({ id: ref.taskId, assignee: "agent" });
    expect((await queueOf(ref.customerId, { assignee: "agent" })).edges.map((e: any) => e.node.id)).toEqual([ref.taskId]);
    expect((await queueOf(ref.customerId, { assignee: "steward" })).totalCount).toBe(0);
    const unassigned = await app.gql(ASSIGN, { input: { ...ref, assignee: null } });
    expect(unassigned.data!.assignCareTask.assignee).toBeNull();
  });

  it("a task the caller may not see does not exist for them (NOT_FOUND), and an analyst may not work the queue", async () => {
    const ref = await specialCareTask();
    const unknown = await app.gql(SNOOZE, { input: { ...ref, taskId: "0".repeat(32), until: addDays(careToday(), 3) } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const analyst = await app.gql(SNOOZE, { input: { ...ref, until: addDays(careToday(), 3) } }, { as: "ANALYST" });
    expect(analyst.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
