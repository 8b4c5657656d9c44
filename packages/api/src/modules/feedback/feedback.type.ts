import { Field, ID, Int, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime, JSONObject } from "../../graphql/scalars.js";
import { InteractionChannel } from "../interaction/interaction.type.js";
import { feedbackAspect, feedbackKind } from "./feedback.table.js";

export const FeedbackKind = gqlEnum(feedbackKind, "FeedbackKind", "NPS (0–10), CSAT (1–5) or a survey with answers.");
export const FeedbackAspect = gqlEnum(feedbackAspect, "FeedbackAspect");

@ObjectType()
export class Feedback {
  @Field(() => ID) id!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => FeedbackKind) kind!: string;
  @Field(() => Int, { nullable: true }) score!: number | null;
  @Field(() => FeedbackAspect) aspect!: string;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => JSONObject, { nullable: true }) answers!: Record<string, unknown> | null;
  @Field(() => InteractionChannel) channel!: string;
  @Field(() => ID, { nullable: true }) interactionId!: string | null;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => DateTime) submittedAt!: Date;
}
