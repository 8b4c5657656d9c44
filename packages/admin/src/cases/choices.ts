import { CaseAction, CaseCategory, CaseKind, CasePriority, CaseStatus, InteractionChannel } from "../generated/graphql";
import { enumChoices } from "../customers/choices";

export const caseKindChoices = enumChoices(CaseKind, "CaseKind");
export const caseCategoryChoices = enumChoices(CaseCategory, "CaseCategory");
export const casePriorityChoices = enumChoices(CasePriority, "CasePriority");
export const caseStatusChoices = enumChoices(CaseStatus, "CaseStatus");
export const channelChoices = enumChoices(InteractionChannel, "InteractionChannel");

/** Statuses still in the queue: the default filter of the case list. */
export const OPEN_STATUSES = [CaseStatus.OPEN, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.REOPENED];
export const DONE_STATUSES: readonly string[] = [CaseStatus.RESOLVED, CaseStatus.CLOSED];

export const caseStatusTones = { OPEN: "info", ASSIGNED: "info", IN_PROGRESS: "primary", RESOLVED: "success", CLOSED: "default", REOPENED: "warning" } as const;
export const casePriorityTones = { URGENT: "error", HIGH: "warning", MEDIUM: "default", LOW: "default" } as const;

/** Order of the action buttons: the loop's natural next step first. */
export const ACTION_ORDER: CaseAction[] = [
  CaseAction.RESPOND,
  CaseAction.ASSIGN,
  CaseAction.START,
  CaseAction.PROGRESS,
  CaseAction.RESOLVE,
  CaseAction.CLOSE,
  CaseAction.REOPEN,
  CaseAction.ESCALATE,
];
