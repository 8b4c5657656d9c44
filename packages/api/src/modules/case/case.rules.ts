import { TIER_COMMITMENTS, type KeyAccountTier } from "../account/account.rules.js";
import type { InteractionRow } from "../interaction/interaction.table.js";
import type { CaseRow } from "./case.table.js";

/**
 * The configurable rules of service cases, in one place: SLAs, default priorities and the
 * state machine of the closed loop (DOMAIN.md: intake → classify → assign → resolve →
 * follow-up → close, reopen when the customer is not satisfied). Change a number here and due
 * dates, the work queue and the allowed actions follow.
 */

type CaseKind = CaseRow["kind"];
type CaseStatus = CaseRow["status"];
type CasePriority = CaseRow["priority"];

/**
 * Two clocks run on a case (DOMAIN.md "Two clocks on a case"). The operator service standard's
 * "service response ≤ 48 h" is a *response* time: the customer must hear back within it. Fault
 * handling ≤ 2 h and complaint handling ≤ 24 h are *handling* limits: the fault or complaint must
 * be dealt with within them.
 *
 * RESPONSE_HOURS: by when the first response is due. The standard names no separate response
 * time for faults and complaints, and a response later than the handling limit would be
 * meaningless, so theirs equals their handling limit.
 *
 * HANDLING_HOURS: by when the case must be resolved. Requests and consultations have none in
 * the standard: their resolution is due by the ETA given to the customer in the first response
 * (until then, the response is what is due).
 *
 * Priority does not shorten the clocks: the limits are the standard's per-kind commitments and
 * SLA compliance is measured against them; priority orders the work within them.
 */
export const RESPONSE_HOURS: Record<CaseKind, number> = { COMPLAINT: 24, FAULT: 2, CONSULTATION: 48, REQUEST: 48 };
export const HANDLING_HOURS: Record<CaseKind, number | null> = { COMPLAINT: 24, FAULT: 2, CONSULTATION: null, REQUEST: null };

/** An ETA promised to the customer lies in the future and at most this many days ahead. */
export const MAX_ETA_DAYS = 30;

const HOUR_MS = 3_600_000;

/**
 * A key account's tier (account.rules.ts TIER_COMMITMENTS, the one home of the mapping) shortens
 * the clocks of its cases: the response is due within the shorter of the kind's response time and
 * the tier's, the handling limit (where the kind has one) the shorter of the two limits. A tier
 * never lengthens a clock: the standard's per-kind limits hold for every customer.
 */
export function responseHours(kind: CaseKind, tier?: KeyAccountTier | null): number {
  return tier ? Math.min(RESPONSE_HOURS[kind], TIER_COMMITMENTS[tier].responseHours) : RESPONSE_HOURS[kind];
}

export function handlingHours(kind: CaseKind, tier?: KeyAccountTier | null): number | null {
  const standard = HANDLING_HOURS[kind];
  return standard !== null && tier ? Math.min(standard, TIER_COMMITMENTS[tier].handlingHours) : standard;
}

export function responseDueAt(kind: CaseKind, openedAt: Date, tier?: KeyAccountTier | null): Date {
  return new Date(openedAt.getTime() + responseHours(kind, tier) * HOUR_MS);
}

/**
 * The case's due time, what the work queue sorts on and SLA compliance is measured against: the
 * handling limit where the standard sets one, else the ETA promised to the customer, else (no
 * response yet) the response deadline.
 */
export function dueAt(kind: CaseKind, openedAt: Date, eta?: Date | null, tier?: KeyAccountTier | null): Date {
  const handling = handlingHours(kind, tier);
  if (handling !== null) return new Date(openedAt.getTime() + handling * HOUR_MS);
  return eta ?? responseDueAt(kind, openedAt, tier);
}

const PRIORITY_ORDER: readonly CasePriority[] = ["LOW", "MEDIUM", "HIGH", "URGENT"];

/** One step up the priority scale (URGENT stays URGENT). */
export function raisePriority(priority: CasePriority): CasePriority {
  return PRIORITY_ORDER[Math.min(PRIORITY_ORDER.indexOf(priority) + 1, PRIORITY_ORDER.length - 1)]!;
}

/** Customer kinds that are key accounts (大客户/政企客户). */
export const KEY_ACCOUNT_KINDS: readonly string[] = ["ENTERPRISE", "GOVERNMENT"];

/**
 * Priority when the agent does not set one: network quality and faults first (DOMAIN.md), and
 * one step higher for key accounts and for high-value customers ("high-value customers'
 * complaints are handled first", 优先处理投诉). The value tier is the customer's stored insight.
 */
export function defaultPriority(kind: CaseKind, category: CaseRow["category"], customer: { kind: string; valueTier?: string | null }): CasePriority {
  const base: CasePriority = kind === "FAULT" || category === "NETWORK_QUALITY" ? "HIGH" : "MEDIUM";
  const preferred = KEY_ACCOUNT_KINDS.includes(customer.kind) || customer.valueTier === "HIGH";
  return preferred ? raisePriority(base) : base;
}

/** The interaction an opened case logs, so the contact shows in every channel's history. */
export const INTAKE_INTERACTION_TYPE: Record<CaseKind, InteractionRow["type"]> = {
  COMPLAINT: "COMPLAINT",
  FAULT: "FAULT_REPORT",
  CONSULTATION: "CONSULTATION",
  REQUEST: "TRANSACTION",
};

export const CASE_ACTIONS = ["ASSIGN", "START", "RESPOND", "PROGRESS", "ESCALATE", "RESOLVE", "CLOSE", "REOPEN"] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The action that opens a case (受理), as it appears in the transition history. */
export const OPEN_ACTION = "OPEN";

/**
 * The state machine: for each status, the actions allowed and where they lead.
 * - ASSIGN hands the work to an assignee; the owner (the first person contacted, 首问责任人)
 *   stays accountable (首问负责制). While in progress it is a hand-over: the assignee starts it.
 * - START: work begins.
 * - RESPOND: the first response to the customer, with the ETA promised (the response clock stops);
 *   PROGRESS: a later contact reporting progress (optionally a new ETA). Neither changes status.
 * - ESCALATE: a clock ran out or the customer is dissatisfied: the escalation level and the
 *   priority go up (note required); from RESOLVED it reopens the case.
 * - RESOLVE: fixed, the customer informed (resolution required).
 * - CLOSE: only with a satisfied customer: the follow-up result (satisfaction 4–5) is required,
 *   with root cause and resolution.
 * - REOPEN: the customer was not satisfied, from RESOLVED or CLOSED (note required). Its due time
 *   stays: the SLA clock does not restart for a complaint that was not really solved.
 */
export const TRANSITIONS: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  OPEN: { ASSIGN: "ASSIGNED", START: "IN_PROGRESS", RESPOND: "OPEN", PROGRESS: "OPEN", ESCALATE: "OPEN" },
  ASSIGNED: { ASSIGN: "ASSIGNED", START: "IN_PROGRESS", RESPOND: "ASSIGNED", PROGRESS: "ASSIGNED", ESCALATE: "ASSIGNED" },
  IN_PROGRESS: { ASSIGN: "ASSIGNED", RESPOND: "IN_PROGRESS", PROGRESS: "IN_PROGRESS", ESCALATE: "IN_PROGRESS", RESOLVE: "RESOLVED" },
  RESOLVED: { ESCALATE: "REOPENED", CLOSE: "CLOSED", REOPEN: "REOPENED" },
  CLOSED: { REOPEN: "REOPENED" },
  REOPENED: { ASSIGN: "ASSIGNED", START: "IN_PROGRESS", PROGRESS: "REOPENED", ESCALATE: "REOPENED" },
};

/**
 * What a case allows now: its status's actions, RESPOND only before the first response and
 * PROGRESS only after it.
 */
export function allowedActions(status: CaseStatus, firstResponseAt?: Date | null): CaseAction[] {
  return CASE_ACTIONS.filter((action) => {
    if (TRANSITIONS[status][action] === undefined) return false;
    if (action === "RESPOND") return !firstResponseAt;
    if (action === "PROGRESS") return Boolean(firstResponseAt);
    return true;
  });
}

/** Statuses in which a case still runs against its due time (the overdue condition uses them). */
export const ACTIVE_STATUSES: readonly CaseStatus[] = ["OPEN", "ASSIGNED", "IN_PROGRESS", "REOPENED"];

/**
 * Follow-up satisfaction is a 1–5 score (5 best). Only 4–5 is satisfied (CSAT counts 4–5); 3 is
 * neutral, not satisfied; 1–2 is dissatisfied and reopens or escalates the case.
 */
export const SATISFACTION_RANGE = [1, 5] as const;
export const SATISFIED_FROM = 4;
export const DISSATISFIED_UP_TO = 2;

export type FollowUpOutcome = "SATISFIED" | "NEUTRAL" | "NOT_SATISFIED";
export function followUpOutcome(score: number): FollowUpOutcome {
  return score >= SATISFIED_FROM ? "SATISFIED" : score > DISSATISFIED_UP_TO ? "NEUTRAL" : "NOT_SATISFIED";
}

/** Which clocks have run out on an active case. */
export type CaseClock = "RESPONSE" | "HANDLING";
export function breachedClocks(kase: Pick<CaseRow, "status" | "resolvedAt" | "firstResponseAt" | "responseDueAt" | "dueAt">, now = new Date()): CaseClock[] {
  if (!ACTIVE_STATUSES.includes(kase.status) || kase.resolvedAt) return [];
  const out: CaseClock[] = [];
  if (!kase.firstResponseAt && kase.responseDueAt.getTime() < now.getTime()) out.push("RESPONSE");
  if (kase.dueAt.getTime() < now.getTime()) out.push("HANDLING");
  return out;
}

/**
 * Escalation is due when a clock ran out after the last escalation (or with none yet): the
 * breach since then has not been escalated.
 */
export function escalationDue(kase: Pick<CaseRow, "status" | "resolvedAt" | "firstResponseAt" | "responseDueAt" | "dueAt" | "escalatedAt">, now = new Date()): boolean {
  const clocks = breachedClocks(kase, now);
  if (!clocks.length) return false;
  const lastBreach = Math.max(...clocks.map((c) => (c === "RESPONSE" ? kase.responseDueAt : kase.dueAt).getTime()));
  return !kase.escalatedAt || kase.escalatedAt.getTime() < lastBreach;
}
