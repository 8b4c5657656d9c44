import { Field, ID, ObjectType } from "type-graphql";
import { Connection } from "../../graphql/connection.js";
import { gqlEnum } from "../../graphql/enums.js";
import { JSONObject, LocalDate } from "../../graphql/scalars.js";
import { InteractionChannel } from "../interaction/interaction.type.js";
import { CARE_ACTION_CODES, CARE_OUTCOMES, CARE_TASK_KINDS } from "./care.rules.js";

export const CareTaskKind = gqlEnum(
  { enumValues: CARE_TASK_KINDS },
  "CareTaskKind",
  "BIRTHDAY (offer, within 7 days), HOLIDAY_GREETING (high-value and key accounts, within 7 days), CONTRACT_ENDING (reminder, within 30 days), DATA_QUOTA (low-allowance reminder, ≥ 90 % used), SPECIAL_CARE (care visit due), HIGH_CHURN_RISK (care call due).",
);
export const CareActionCode = gqlEnum(
  { enumValues: CARE_ACTION_CODES },
  "CareActionCode",
  "What the agent should do, for clients that show it in their own language (suggestedAction is the English text).",
);

export const CareOutcome = gqlEnum(
  { enumValues: CARE_OUTCOMES },
  "CareOutcome",
  "How a completed care task ended (the customer was reached), logged as the interaction's outcome. A contact not made does not complete a task: snooze it.",
);

@ObjectType({ description: "A proactive care action due for a customer; computed from the record, not stored." })
export class CareTask {
  @Field(() => ID, { description: "Stable for the same task (kind, customer, due date)." }) id!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => CareTaskKind) kind!: string;
  @Field(() => Boolean, {
    description:
      "An offer (marketing contact): listed only for customers with a current MARKETING consent and under the marketing contact cap. Care (reminders, greetings, visits) is service and needs neither.",
  })
  marketing!: boolean;
  @Field(() => LocalDate, { nullable: true, description: "When it is due: the birthday, the contract end, the end of the usage month, today." }) dueOn!: string | null;
  @Field(() => String, { nullable: true, description: "Why the task exists, with its evidence, in English; `kind` with `evidence` is the code and its parameters." }) reason!: string | null;
  @Field(() => JSONObject, { nullable: true, description: "The evidence as data (the reason's parameters), e.g. { usedMb, quotaMb, percent }." }) evidence!: Record<string, unknown> | null;
  @Field(() => String, { description: "What to do, in English." }) suggestedAction!: string;
  @Field(() => CareActionCode, { description: "What to do, as a code." }) actionCode!: string;
  @Field(() => [InteractionChannel], { nullable: true, description: "The channels a contact completing this task may come through (completeCareTask); null: any." })
  completionChannels!: string[] | null;
  @Field(() => String, { nullable: true, description: "Username of the staff member the task is assigned to (assignCareTask)." }) assignee!: string | null;
  @Field(() => LocalDate, { nullable: true, description: "Snoozed: the task is out of the queue until this day (snoozeCareTask)." }) snoozedUntil!: string | null;
}

export const CareTaskConnection = Connection(CareTask, "CareTask");
