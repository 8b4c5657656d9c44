import { Field, ID, Int, ObjectType } from "type-graphql";
import { Connection } from "../../graphql/connection.js";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime } from "../../graphql/scalars.js";
import { ACTIVE_STATUSES, allowedActions, CASE_ACTIONS, type CaseAction as CaseActionName } from "./case.rules.js";
import { caseCategory, caseKind, casePriority, caseStatus, type CaseRow } from "./case.table.js";

export const CaseKind = gqlEnum(caseKind, "CaseKind");
export const CaseCategory = gqlEnum(caseCategory, "CaseCategory", "Root-cause family used for complaint reviews.");
export const CasePriority = gqlEnum(casePriority, "CasePriority");
export const CaseStatus = gqlEnum(caseStatus, "CaseStatus");
export const CaseAction = gqlEnum(
  { enumValues: CASE_ACTIONS },
  "CaseAction",
  "A step of the closed loop: ASSIGN (owner), START, RESOLVE (resolution), CLOSE (root cause, resolution, satisfaction), REOPEN (note).",
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
  @Field(() => String, { description: "The first person contacted owns the case." }) owner!: string;
  @Field(() => DateTime) openedAt!: Date;
  @Field(() => DateTime) dueAt!: Date;
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

  @Field(() => [CaseAction], { description: "What transitionCase accepts from the current status." })
  allowedActions(): CaseActionName[] {
    return allowedActions(this.status as CaseRow["status"]);
  }
}

export const CaseConnection = Connection(Case, "Case");
