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
 * Time limits from the operator service standard: fault handling ≤ 2 h, complaint handling
 * ≤ 24 h, service response (consultations, requests) ≤ 48 h.
 *
 * Priority does not shorten the SLA: the limits are the standard's per-kind commitments to the
 * customer and SLA compliance is measured against them; priority orders the work within them
 * (the seeded history follows the same rule).
 */
export const SLA_HOURS: Record<CaseKind, number> = { COMPLAINT: 24, FAULT: 2, CONSULTATION: 48, REQUEST: 48 };

const HOUR_MS = 3_600_000;

export function dueAt(kind: CaseKind, openedAt: Date): Date {
  return new Date(openedAt.getTime() + SLA_HOURS[kind] * HOUR_MS);
}

const PRIORITY_ORDER: readonly CasePriority[] = ["LOW", "MEDIUM", "HIGH", "URGENT"];

/**
 * Priority when the agent does not set one: network quality and faults first (DOMAIN.md), and
 * key accounts (enterprise, government) one step higher.
 */
export function defaultPriority(kind: CaseKind, category: CaseRow["category"], customerKind: string): CasePriority {
  const base: CasePriority = kind === "FAULT" || category === "NETWORK_QUALITY" ? "HIGH" : "MEDIUM";
  if (customerKind !== "ENTERPRISE" && customerKind !== "GOVERNMENT") return base;
  return PRIORITY_ORDER[Math.min(PRIORITY_ORDER.indexOf(base) + 1, PRIORITY_ORDER.length - 1)]!;
}

/** The interaction an opened case logs, so the contact shows in every channel's history. */
export const INTAKE_INTERACTION_TYPE: Record<CaseKind, InteractionRow["type"]> = {
  COMPLAINT: "COMPLAINT",
  FAULT: "FAULT_REPORT",
  CONSULTATION: "CONSULTATION",
  REQUEST: "TRANSACTION",
};

export const CASE_ACTIONS = ["ASSIGN", "START", "RESOLVE", "CLOSE", "REOPEN"] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The action that opens a case, as it appears in the transition history. */
export const OPEN_ACTION = "OPEN";

/**
 * The state machine: for each status, the actions allowed and where they lead.
 * - ASSIGN hands the case to an owner (also a hand-over while in progress: the new owner starts it);
 * - START: the owner works on it;
 * - RESOLVE: fixed, the customer informed (resolution required);
 * - CLOSE: after the follow-up call confirmed satisfaction (root cause and resolution required);
 * - REOPEN: the customer was not satisfied, from RESOLVED or CLOSED (note required); a reopened
 *   case goes back to ASSIGNED or IN_PROGRESS. Its due time stays: the SLA clock does not restart
 *   for a complaint that was not really solved.
 */
export const TRANSITIONS: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  OPEN: { ASSIGN: "ASSIGNED", START: "IN_PROGRESS" },
  ASSIGNED: { ASSIGN: "ASSIGNED", START: "IN_PROGRESS" },
  IN_PROGRESS: { ASSIGN: "ASSIGNED", RESOLVE: "RESOLVED" },
  RESOLVED: { CLOSE: "CLOSED", REOPEN: "REOPENED" },
  CLOSED: { REOPEN: "REOPENED" },
  REOPENED: { ASSIGN: "ASSIGNED", START: "IN_PROGRESS" },
};

export function allowedActions(status: CaseStatus): CaseAction[] {
  return CASE_ACTIONS.filter((action) => TRANSITIONS[status][action] !== undefined);
}

/** Statuses in which a case still runs against its due time (the overdue condition uses them). */
export const ACTIVE_STATUSES: readonly CaseStatus[] = ["OPEN", "ASSIGNED", "IN_PROGRESS", "REOPENED"];

/** Follow-up satisfaction is a 1–5 score (5 best); 3 or more counts as satisfied. */
export const SATISFACTION_RANGE = [1, 5] as const;
export const SATISFIED_FROM = 3;
