import { Field, ID, Int, ObjectType } from "type-graphql";
import { Connection } from "../../graphql/connection.js";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime } from "../../graphql/scalars.js";
import { ACTIVE_STATUSES, allowedActions, breachedClocks, CASE_ACTIONS, escalationDue, type CaseAction as CaseActionName, type CaseClock as CaseClockName } from "./case.rules.js";
import { caseCategory, caseKind, casePriority, caseSource, caseStatus, type CaseRow } from "./case.table.js";

export const CaseKind = gqlEnum(caseKind, "CaseKind");
export const CaseCategory = gqlEnum(caseCategory, "CaseCategory", "Root-cause family used for complaint reviews.");
export const CasePriority = gqlEnum(casePriority, "CasePriority");
export const CaseStatus = gqlEnum(caseStatus, "CaseStatus");
export const CaseSource = gqlEnum(caseSource, "CaseSource", "Who opened a case: STAFF (console) or APP (a partner's channel app, named by owner and partnerId).");
export const CaseAction = gqlEnum(
  { enumValues: CASE_ACTIONS },
  "CaseAction",
  "A step of the closed loop: ASSIGN (assignee; the owner stays), START, RESPOND (first response with the ETA), PROGRESS (progress contact, note), ESCALATE (note), RESOLVE (resolution), CLOSE (root cause, resolution, satisfaction 4–5), REOPEN (note).",
);
export const CaseClock = gqlEnum(
  { enumValues: ["RESPONSE", "HANDLING"] as const },
  "CaseClock",
  "RESPONSE: the first response to the customer; HANDLING: the resolution (handling limit, or the ETA given).",
);

@ObjectType()
export class CaseTransition {
  @Field(() => CaseStatus, { nullable: true }) from!: string | null;
  @Field(() => CaseStatus) to!: string;
  @Field(() => String) action!: string;
  @Field(() => String) by!: string;
  @Field(() => DateTime) at!: Date;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType({ description: "A complaint, fault or request, handled as a closed loop under an SLA." })
export class Case {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => ID) customerId!: string;
  @Field(() => CaseKind) kind!: string;
  @Field(() => CaseCategory) category!: string;
  @Field(() => CasePriority) priority!: string;
  @Field(() => CaseStatus) status!: string;
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => String, { description: "The first person contacted owns the case (首问负责制) and stays accountable when it is assigned." }) owner!: string;
  @Field(() => String, { nullable: true, description: "Who the work is assigned to (ASSIGN); null while the owner works it." }) assignee!: string | null;
  @Field(() => CaseSource, { description: "STAFF, or APP when a partner's channel app opened it; then owner is the partner app's name." }) source!: string;
  @Field(() => ID, { nullable: true, description: "The partner app that opened the case (source APP)." }) partnerId!: string | null;
  @Field(() => DateTime) openedAt!: Date;
  @Field(() => DateTime, { description: "The response clock: the first response to the customer is due by then." }) responseDueAt!: Date;
  @Field(() => DateTime, { nullable: true, description: "When the customer first heard back (RESPOND, or RESOLVE without one)." }) firstResponseAt!: Date | null;
  @Field(() => DateTime, { nullable: true, description: "The resolution time promised to the customer." }) eta!: Date | null;
  @Field(() => Int, { description: "Progress contacts with the customer after the first response." }) progressContacts!: number;
  @Field(() => DateTime, { nullable: true, description: "The latest contact with the customer about the case." }) lastContactAt!: Date | null;
  @Field(() => Int, { description: "0 until escalated; each ESCALATE adds one." }) escalationLevel!: number;
  @Field(() => DateTime, { nullable: true }) escalatedAt!: Date | null;
  @Field(() => DateTime, { description: "The handling clock: the handling limit of the kind (fault 2 h, complaint 24 h), else the ETA given, else the response deadline." }) dueAt!: Date;
  @Field(() => DateTime, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => DateTime, { nullable: true }) closedAt!: Date | null;
  @Field(() => String, { nullable: true }) rootCause!: string | null;
  @Field(() => String, { nullable: true }) resolution!: string | null;
  @Field(() => Int, { nullable: true, description: "Follow-up satisfaction 1–5." }) satisfaction!: number | null;
  @Field(() => [CaseTransition]) history!: CaseTransition[];

  @Field(() => Boolean, { description: "Past its due time and not yet resolved." })
  overdue(): boolean {
    return !this.resolvedAt && ACTIVE_STATUSES.includes(this.status as CaseRow["status"]) && this.dueAt.getTime() < Date.now();
  }

  @Field(() => [CaseClock], { description: "The clocks that ran out on this active case." })
  breachedClocks(): CaseClockName[] {
    return breachedClocks(this as unknown as CaseRow);
  }

  @Field(() => Boolean, { description: "A clock ran out and has not been escalated since." })
  escalationDue(): boolean {
    return escalationDue(this as unknown as CaseRow);
  }

  @Field(() => [CaseAction], { description: "What transitionCase accepts now." })
  allowedActions(): CaseActionName[] {
    return allowedActions(this.status as CaseRow["status"], this.firstResponseAt);
  }
}

export const CaseConnection = Connection(Case, "Case");
