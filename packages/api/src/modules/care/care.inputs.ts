import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { LocalDate } from "../../graphql/scalars.js";
import { InteractionChannel } from "../interaction/interaction.type.js";
import { CareOutcome, CareTaskKind } from "./care.type.js";
import { ConnectionArgs } from "../../graphql/connection.js";

@InputType()
export class CareTaskFilter {
  @Field(() => [CareTaskKind], { nullable: true }) kind?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => [String], { nullable: true, description: "Customer region (province); needs read access to Customer.region." }) region?: string[];
  @Field(() => Int, { nullable: true, description: "Due within this many days from today (0: due today or earlier)." }) dueWithinDays?: number;
  @Field(() => String, { nullable: true, description: "Only tasks assigned to this staff username." }) assignee?: string;
  @Field(() => Boolean, { nullable: true, description: "true: only snoozed tasks; otherwise snoozed tasks are left out." }) snoozed?: boolean;
}

@InputType({ description: "A care task to work: the customer and the task's id (CareTask.id)." })
export class CareTaskRef {
  @Field(() => ID) customerId!: string;
  @Field(() => ID) taskId!: string;
}

@InputType({ description: "Completes a care task by logging the contact it asks for (an interaction of the task's type)." })
export class CompleteCareTaskInput extends CareTaskRef {
  @Field(() => InteractionChannel, { description: "How the customer was contacted; a special-care visit needs VISIT or ONSITE." }) channel!: string;
  @Field(() => CareOutcome) outcome!: string;
  @Field(() => String, { nullable: true }) summary?: string;
}

@InputType()
export class SnoozeCareTaskInput extends CareTaskRef {
  @Field(() => LocalDate, { description: "The task shows again on this day (after today, at most 90 days ahead)." }) until!: string;
}

@InputType()
export class AssignCareTaskInput extends CareTaskRef {
  @Field(() => String, { nullable: true, description: "Username of an active steward or agent; null unassigns." }) assignee?: string | null;
}

@ArgsType()
export class CareTasksArgs extends ConnectionArgs {
  @Field(() => CareTaskFilter, { nullable: true }) filter?: CareTaskFilter;
}
