import { Field, ID, InputType, Int } from "type-graphql";
import { DateTime, JSONObject } from "../../graphql/scalars.js";
import { InteractionChannel } from "../interaction/interaction.type.js";
import { FeedbackAspect, FeedbackKind } from "./feedback.type.js";
import { CustomerRefInput } from "../feed/feed.type.js";

@InputType()
export class SubmitFeedbackInput {
  @Field(() => ID) customerId!: string;
  @Field(() => FeedbackKind) kind!: string;
  @Field(() => Int, { nullable: true, description: "NPS 0–10, CSAT 1–5; optional for SURVEY." }) score?: number;
  @Field(() => FeedbackAspect, { nullable: true, defaultValue: "OVERALL" }) aspect?: string;
  @Field(() => String, { nullable: true }) comment?: string;
  @Field(() => JSONObject, { nullable: true, description: "Survey answers; required for SURVEY." }) answers?: Record<string, unknown>;
  @Field(() => InteractionChannel) channel!: string;
  @Field(() => ID, { nullable: true }) interactionId?: string;
  @Field(() => ID, { nullable: true }) caseId?: string;
  @Field(() => DateTime, { nullable: true }) submittedAt?: Date;
}

@InputType({ description: "A survey answer from a survey system; stored once per externalId." })
export class FeedbackFeedInput {
  @Field(() => String, { description: "The answer's id in the source system." }) externalId!: string;
  @Field(() => CustomerRefInput) customer!: CustomerRefInput;
  @Field(() => FeedbackKind) kind!: string;
  @Field(() => Int, { nullable: true, description: "NPS 0–10, CSAT 1–5; optional for SURVEY." }) score?: number;
  @Field(() => FeedbackAspect, { nullable: true }) aspect?: string;
  @Field(() => String, { nullable: true }) comment?: string;
  @Field(() => JSONObject, { nullable: true, description: "Survey answers; required for SURVEY." }) answers?: Record<string, unknown>;
  @Field(() => InteractionChannel) channel!: string;
  @Field(() => ID, { nullable: true }) interactionId?: string;
  @Field(() => ID, { nullable: true }) caseId?: string;
  @Field(() => DateTime, { nullable: true }) submittedAt?: Date;
}
