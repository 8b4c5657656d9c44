import { Field, Float, InputType, Int } from "type-graphql";
import { CustomerRefInput } from "../feed/feed.type.js";
import { ServiceType, SubscriptionStatus } from "./subscription.type.js";

@InputType({ description: "A tariff plan of the catalogue; upserted by code. Absent fields are left as stored." })
export class PlanFeedInput {
  @Field(() => String, { description: "The plan's product code (the natural key)." }) code!: string;
  @Field(() => String, { nullable: true, description: "Required for a new plan." }) name?: string;
  @Field(() => Float, { nullable: true, description: "Monthly fee in CNY; required for a new plan." }) monthlyFee?: number;
  @Field(() => Int, { nullable: true, description: "Default 0." }) dataQuotaMb?: number;
  @Field(() => Int, { nullable: true, description: "Default 0." }) voiceQuotaMinutes?: number;
  @Field(() => [ServiceType], { nullable: true, description: "Required for a new plan." }) services?: string[];
}

@InputType({ description: "A customer's subscription to a plan; upserted by externalId. Absent fields are left as stored." })
export class SubscriptionFeedInput {
  @Field(() => String, { description: "The subscription's id in the billing system (the natural key)." }) externalId!: string;
  @Field(() => CustomerRefInput, { description: "Resolved at startedOn (a recycled number belongs to whoever held it then), else now." })
  customer!: CustomerRefInput;
  @Field(() => String, { nullable: true, description: "Code of the plan (upsertPlans); required for a new subscription." }) planCode?: string;
  @Field(() => String, { nullable: true, description: "Number of the line; normalised to E.164." }) msisdn?: string | null;
  @Field(() => String, { nullable: true, description: "YYYY-MM-DD; required for a new subscription." }) startedOn?: string;
  @Field(() => String, { nullable: true, description: "YYYY-MM-DD; not before startedOn." }) contractEnd?: string | null;
  @Field(() => SubscriptionStatus, { nullable: true, description: "Default ACTIVE." }) status?: string;
}
