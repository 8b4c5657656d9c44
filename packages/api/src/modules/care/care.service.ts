import { problem } from "@tessera/schema/problems";
import { addDays } from "../../lib/days.js";
import { CATALOG, type PersonalField } from "@tessera/schema/catalog";
import type { Page, PageArgs } from "../../graphql/connection.js";
import { keysetPage } from "../../graphql/keyset.js";
import type { Context } from "../../graphql/context.js";
import type { DbOrTx } from "../../db/client.js";
import { sha256Hex } from "../../lib/hash.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import type { Subject } from "../../privacy/policy.js";
import { assertMayRead, customerCondition, release, declareArgumentReads, PAGE_ARGUMENT_READS, usesOf } from "../../privacy/scope.js";
import type { CareTaskFilter } from "./care.inputs.js";
import { careLoaders } from "./care.loaders.js";
import { countCareTasks, selectCareTasks, type CareTaskQuery, type CareTaskRow } from "./care.queries.js";
import { CARE_RULES, CARE_TASK_KINDS, COMPLETION_CONTACT, careToday, upcomingHolidays, type CareTaskKind } from "./care.rules.js";
import { CareTask } from "./care.type.js";

const MAX_DUE_WITHIN_DAYS = 366;

/**
 * The kinds this principal may see: a task reveals its source field (a birthday, special-care
 * flags, data usage), so a kind is computed only when the principal reads that field in full
 * under the request's purpose. Withheld kinds are reported as a redaction of CareTask.kind.
 */
export function visibleKinds(ctx: Context, requested?: readonly string[]): CareTaskKind[] {
  const kinds = (requested?.length ? [...new Set(requested)] : CARE_TASK_KINDS) as CareTaskKind[];
  return kinds.filter((kind) => {
    const [type, field] = CARE_RULES[kind].source;
    const entry = (CATALOG[type] as unknown as Record<string, PersonalField>)[field]!;
    const decision = ctx.policy.decide(type, field, entry);
    if (decision.treatment === "FULL") return true;
    ctx.policy.redactions.add("CareTask.kind", decision.reason ?? "MASKED_BY_ROLE");
    return false;
  });
}

function reasonOf(row: CareTaskRow): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- evidence is JSON whose shape depends on row.kind
  const e = row.evidence as Record<string, any>;
  switch (row.kind) {
    case "BIRTHDAY":
      return `Birthday on ${e.birthday} (turns ${e.turning})`;
    case "HOLIDAY_GREETING":
      return `Holiday ${e.holiday} on ${e.date}`;
    case "CONTRACT_ENDING":
      return `Contract ends on ${e.contractEnd}${e.subscriptions > 1 ? ` (${e.subscriptions} subscriptions)` : ""}`;
    case "DATA_QUOTA":
      return `Used ${e.percent} % of the data allowance in ${String(e.month).slice(0, 7)} (${e.usedMb} of ${e.quotaMb} MB)`;
    case "SPECIAL_CARE":
      return `Special care (${(e.flags as string[]).join(", ")}): no care visit in ${e.visitEveryDays} days`;
    case "HIGH_CHURN_RISK":
      return `Churn risk ${e.score}/100${(e.reasons as string[]).length ? ` (${(e.reasons as string[]).join(", ")})` : ""}`;
  }
}

/** Opaque: the due date (a birthday) must not show through the id of a masked task. */
export function taskId(row: Pick<CareTaskRow, "kind" | "customerId" | "dueOn">): string {
  return sha256Hex(`${row.kind}|${row.customerId}|${row.dueOn}`).slice(0, 32);
}

/** The channels a completing contact may use (care.rules COMPLETION_CONTACT); null: any. */
function completionChannels(kind: CareTaskRow["kind"]): string[] | null {
  const channels = COMPLETION_CONTACT[CARE_RULES[kind].completedBy].channels;
  return channels ? [...channels] : null;
}

function toTask(row: CareTaskRow): CareTask {
  return Object.assign(new CareTask(), {
    id: taskId(row),
    customerId: row.customerId,
    kind: row.kind,
    marketing: row.marketing,
    dueOn: row.dueOn,
    reason: reasonOf(row),
    evidence: row.evidence,
    suggestedAction: CARE_RULES[row.kind].actionText,
    actionCode: CARE_RULES[row.kind].action,
    completionChannels: completionChannels(row.kind),
    assignee: row.assignee,
    snoozedUntil: row.snoozedUntil,
  });
}

/** Tasks leaving the data layer: audited as a read of their customers and masked by the catalog. */
export function presentTasks(ctx: Context, rows: CareTaskRow[], subject?: Subject): CareTask[] {
  const restricted = new Map(rows.map((row) => [row.customerId, row.processingRestricted]));
  return release(ctx, "CareTask", rows.map(toTask), (task) => subject ?? { processingRestricted: restricted.get(task.customerId) }, (task) => task.customerId);
}

/** Customer.careTasks: one statement for all customers of the page. */
export async function customerCareTasks(ctx: Context, customer: Subject & { id: string }): Promise<CareTask[]> {
  const kinds = visibleKinds(ctx);
  const today = careToday();
  const rows = await ctx.loaders.of(careLoaders, ctx).tasksByCustomerId({ kinds, today }).load(customer.id);
  return presentTasks(ctx, rows, customer);
}

/**
 * What each argument of `careTasks` reads: a region filter reveals regions, a due-date window
 * reveals due dates (birthdays, contract ends). Kinds are narrowed to those the caller may see.
 */
export const CARE_TASKS_READS = declareArgumentReads("careTasks", {
  ...PAGE_ARGUMENT_READS,
  "filter.customerId": [],
  "filter.kind": [],
  "filter.region": ["Customer.region"],
  "filter.dueWithinDays": ["CareTask.dueOn"],
  "filter.assignee": ["CareTask.assignee"],
  "filter.snoozed": ["CareTask.snoozedUntil"],
});

/** The care work queue: soonest due first, keyset on (dueOn, customerId, kind); pages forward or backward. */
export async function listCareTasks(ctx: Context, args: PageArgs & { filter?: CareTaskFilter }): Promise<Page<CareTask>> {
  const filter = args.filter ?? {};
  const v = new InputValidator("filter");
  if (filter.customerId != null && !isUuid(filter.customerId)) v.fail("customerId", problem("INVALID_ID"));
  v.intRange("dueWithinDays", filter.dueWithinDays, 0, MAX_DUE_WITHIN_DAYS);
  v.text("assignee", filter.assignee, { max: 200 });
  v.done();
  assertMayRead(ctx.policy, usesOf(CARE_TASKS_READS, Object.keys(filter).filter((k) => filter[k as keyof CareTaskFilter] != null).map((k) => `filter.${k}`)));
  const today = careToday();
  const query: CareTaskQuery = {
    today,
    kinds: visibleKinds(ctx, filter.kind),
    customerIds: filter.customerId != null ? [filter.customerId] : undefined,
    regions: filter.region,
    dueBy: filter.dueWithinDays != null ? addDays(today, filter.dueWithinDays) : undefined,
    visibility: customerCondition(ctx.policy, "MATCH"),
    holidays: upcomingHolidays(today),
    assignee: filter.assignee ?? undefined,
    snoozed: filter.snoozed ?? undefined,
  };
  return keysetPage(ctx, args, {
    list: "careTasks",
    connection: "CareTaskConnection",
    arity: 3,
    // From the unmasked rows (a withheld due date is still a position in the order).
    positionOf: (row: CareTaskRow) => [row.dueOn, row.customerId, row.kind],
    fromCursor: ([dueOn, customerId, kind]) =>
      typeof dueOn === "string" && /^\d{4}-\d{2}-\d{2}$/.test(dueOn) && CARE_TASK_KINDS.includes(kind as CareTaskKind) && typeof customerId === "string" && isUuid(customerId)
        ? { dueOn, kind: kind as string, customerId }
        : undefined,
    read: ({ from, backward, limit }) => selectCareTasks(ctx.db, query, { from, backward, limit }),
    release: (rows) => presentTasks(ctx, rows),
    count: () => countCareTasks(ctx.db, query),
  });
}

/** A customer's current care tasks, unmasked, for the data-subject export (derived, not stored). */
export async function careTasksForExport(db: DbOrTx, customerId: string): Promise<Record<string, unknown>[]> {
  const today = careToday();
  const rows = await selectCareTasks(db, { today, kinds: CARE_TASK_KINDS, customerIds: [customerId], holidays: upcomingHolidays(today) });
  return rows.map((row) => ({ ...toTask(row) }));
}
