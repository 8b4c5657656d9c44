import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection.js";
import { DateTime } from "../../graphql/scalars.js";
import { InteractionChannel } from "../interaction/interaction.type.js";
import { CaseAction, CaseCategory, CaseKind, CasePriority, CaseStatus } from "./case.type.js";

@InputType()
export class OpenCaseInput {
  @Field(() => ID) customerId!: string;
  @Field(() => CaseKind) kind!: string;
  @Field(() => CaseCategory) category!: string;
  @Field(() => CasePriority, {
    nullable: true,
    description: "Default: HIGH for faults and network quality, else MEDIUM; one step higher for key accounts and high-value customers.",
  })
  priority?: string;
  @Field(() => String) subject!: string;
  @Field(() => ID, { nullable: true, description: "The contact already logged for this case; without it, opening the case logs one." })
  interactionId?: string;
  @Field(() => InteractionChannel, { nullable: true, description: "Channel of the intake contact logged when no interactionId is given (default HOTLINE)." })
  channel?: string;
}

@ArgsType()
export class TransitionCaseArgs {
  @Field(() => ID) id!: string;
  @Field(() => CaseAction) action!: string;
  @Field(() => String, { nullable: true, description: "Kept in the history; required to PROGRESS, ESCALATE and REOPEN." }) note?: string;
  @Field(() => Int, { description: "The version the client last read; a stale one is CONFLICT and nothing is written." }) expectedVersion!: number;
  @Field(() => String, { nullable: true, description: "Required to RESOLVE (and to CLOSE when not given before)." }) resolution?: string;
  @Field(() => String, { nullable: true, description: "Required to CLOSE." }) rootCause?: string;
  @Field(() => Int, { nullable: true, description: "Follow-up satisfaction 1–5: required to CLOSE (4–5 only), optional with REOPEN or ESCALATE." }) satisfaction?: number;
  @Field(() => String, { nullable: true, description: "Username of the assignee; required to ASSIGN (the owner stays)." }) owner?: string;
  @Field(() => DateTime, { nullable: true, description: "The resolution time promised to the customer: required to RESPOND, optional with PROGRESS." }) eta?: Date;
}

@InputType()
export class CaseFilter {
  @Field(() => [CaseStatus], { nullable: true }) status?: string[];
  @Field(() => Boolean, { nullable: true, description: "true: past due and not resolved; false: the others." }) overdue?: boolean;
  @Field(() => String, { nullable: true, description: "Username of the owner (the first contact)." }) owner?: string;
  @Field(() => String, { nullable: true, description: "Username of the assignee." }) assignee?: string;
  @Field(() => Boolean, { nullable: true, description: "true: a clock ran out and was not escalated since." }) escalationDue?: boolean;
  @Field(() => [CaseCategory], { nullable: true }) category?: string[];
  @Field(() => [CaseKind], { nullable: true }) kind?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
}

@ArgsType()
export class CasesArgs extends ConnectionArgs {
  @Field(() => CaseFilter, { nullable: true }) filter?: CaseFilter;
}
