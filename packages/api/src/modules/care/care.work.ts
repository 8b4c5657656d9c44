import { problem, type Problem } from "@tessera/schema/problems";
import { addDays } from "../../lib/days.js";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { diffForAudit } from "../../audit/audit.collector.js";
import type { DbOrTx } from "../../db/client.js";
import type { Context } from "../../graphql/context.js";
import { NotFoundError } from "../../graphql/errors.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import { customerCondition } from "../../privacy/scope.js";
import { requireCustomer } from "../customer/customer.service.js";
import { logInteraction } from "../interaction/interaction.service.js";
import type { InteractionRow } from "../interaction/interaction.table.js";
import { users } from "../user/user.table.js";
import type { AssignCareTaskInput, CareTaskRef, CompleteCareTaskInput, SnoozeCareTaskInput } from "./care.inputs.js";
import { selectCareTasks, type CareTaskRow } from "./care.queries.js";
import { CARE_OUTCOMES, CARE_RULES, CARE_WORK, COMPLETION_CONTACT, RECURRING_KINDS, careToday, upcomingHolidays } from "./care.rules.js";
import { presentTasks, taskId, visibleKinds } from "./care.service.js";
import { careTaskStates } from "./care.table.js";
import type { CareTask } from "./care.type.js";

/** Roles a care task may be assigned to: the service desk, who work the queue. */
export const ASSIGNABLE_ROLES = ["STEWARD", "AGENT"] as const;

function refuse(field: string, reported: Problem): never {
  const v = new InputValidator();
  v.fail(field, reported);
  v.done();
  throw new Error("unreachable");
}

/**
 * The task as the caller may see it in the queue right now (snoozed or not): the customer must be
 * visible and the kind readable, or the task does not exist for the caller (NOT_FOUND, like a customer).
 */
async function findTask(ctx: Context, ref: CareTaskRef): Promise<CareTaskRow> {
  const v = new InputValidator();
  if (!isUuid(ref.customerId)) v.fail("customerId", problem("INVALID_ID"));
  v.done();
  await requireCustomer(ctx, ref.customerId);
  const today = careToday();
  const query = { today, kinds: visibleKinds(ctx), customerIds: [ref.customerId], holidays: upcomingHolidays(today), visibility: customerCondition(ctx.policy, "MATCH") };
  const rows = [...(await selectCareTasks(ctx.db, query)), ...(await selectCareTasks(ctx.db, { ...query, snoozed: true }))];
  const row = rows.find((r) => taskId(r) === ref.taskId);
  if (!row) throw new NotFoundError("CareTask", ref.taskId);
  return row;
}

/** The state row's key: recurring kinds keep one state per customer and kind (care.rules RECURRING_KINDS). */
function stateKey(row: CareTaskRow) {
  return { customerId: row.customerId, kind: row.kind, dueOn: RECURRING_KINDS.includes(row.kind) ? null : row.dueOn };
}

function keyCondition(key: ReturnType<typeof stateKey>) {
  return and(eq(careTaskStates.customerId, key.customerId), eq(careTaskStates.kind, key.kind), key.dueOn === null ? isNull(careTaskStates.dueOn) : eq(careTaskStates.dueOn, key.dueOn));
}

/** Writes the task's work state and audits the change as an update of the task. */
async function writeState(ctx: Context, row: CareTaskRow, patch: { snoozedUntil?: string | null; assignee?: string | null }): Promise<CareTask> {
  const key = stateKey(row);
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(careTaskStates)
      .values({ ...key, ...patch, updatedBy: ctx.principal.name })
      .onConflictDoUpdate({
        target: [careTaskStates.customerId, careTaskStates.kind, careTaskStates.dueOn],
        set: { ...patch, updatedBy: ctx.principal.name, updatedAt: sql`now()`, version: sql`${careTaskStates.version} + 1` },
      });
    const changes = diffForAudit("CareTask", { id: taskId(row), assignee: row.assignee, snoozedUntil: row.snoozedUntil }, { id: taskId(row), ...patch });
    await ctx.audit.write(tx, { action: "UPDATE", customerIds: [row.customerId], fields: changes.map((c) => `CareTask.${c.field}`), changes });
  });
  return presentTasks(ctx, [{ ...row, ...patch } as CareTaskRow])[0]!;
}

/** Takes the task out of the queue until `until` (it shows again on that day). */
export async function snoozeCareTask(ctx: Context, input: SnoozeCareTaskInput): Promise<CareTask> {
  const today = careToday();
  const v = new InputValidator();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(input.until)) || input.until <= today) v.fail("until", problem("SNOOZE_NOT_AFTER_TODAY"));
  else if (input.until > addDays(today, CARE_WORK.maxSnoozeDays)) v.fail("until", problem("SNOOZE_TOO_FAR", { days: CARE_WORK.maxSnoozeDays }));
  v.done();
  return writeState(ctx, await findTask(ctx, input), { snoozedUntil: input.until });
}

/** Assigns the task to an active steward or agent (null unassigns). */
export async function assignCareTask(ctx: Context, input: AssignCareTaskInput): Promise<CareTask> {
  const assignee = input.assignee?.trim() || null;
  const row = await findTask(ctx, input);
  if (assignee) {
    const [user] = await ctx.db
      .select({ username: users.username })
      .from(users)
      .where(and(eq(users.username, assignee), isNull(users.disabledAt), eq(users.awaitingApproval, false), inArray(users.role, [...ASSIGNABLE_ROLES])));
    if (!user) refuse("assignee", problem("NOT_A_CASE_WORKER", { username: assignee }));
  }
  return writeState(ctx, row, { assignee });
}

/**
 * Completes the task by logging the contact it asks for (care.rules COMPLETION_CONTACT): the
 * interaction, with the outcome, is what takes the task off the queue (care.queries), so a
 * contact logged any other way completes it too. Its work state is cleared in the same transaction.
 */
export async function completeCareTask(ctx: Context, input: CompleteCareTaskInput): Promise<InteractionRow> {
  const v = new InputValidator();
  v.oneOf("outcome", input.outcome, CARE_OUTCOMES);
  v.done();
  const row = await findTask(ctx, input);
  const contact = COMPLETION_CONTACT[CARE_RULES[row.kind].completedBy];
  if (contact.channels && !contact.channels.includes(input.channel)) refuse("channel", problem("CHANNEL_NOT_FOR_TASK", { allowed: contact.channels.join(", ") }));
  const key = stateKey(row);
  return logInteraction(ctx, { customerId: row.customerId, channel: input.channel, type: contact.type, outcome: input.outcome, summary: input.summary ?? undefined }, async (tx: DbOrTx) => {
    await tx.delete(careTaskStates).where(keyCondition(key)!);
  });
}

/** Who a task may be assigned to: active stewards and agents, by username. */
export async function careAssignees(ctx: Context): Promise<{ username: string; displayName: string | null }[]> {
  return ctx.db
    .select({ username: users.username, displayName: users.displayName })
    .from(users)
    .where(and(isNull(users.disabledAt), eq(users.awaitingApproval, false), inArray(users.role, [...ASSIGNABLE_ROLES])))
    .orderBy(users.username);
}
