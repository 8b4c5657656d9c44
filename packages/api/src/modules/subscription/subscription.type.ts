import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { LocalDate } from "../../graphql/scalars.js";
import { serviceType, subscriptionStatus } from "./subscription.table.js";

export const ServiceType = gqlEnum(serviceType, "ServiceType");
export const SubscriptionStatus = gqlEnum(subscriptionStatus, "SubscriptionStatus");

@ObjectType({ description: "A tariff plan of the operator's catalogue." })
export class Plan {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => Float, { description: "Monthly fee in CNY." }) monthlyFee!: number;
  @Field(() => Int) dataQuotaMb!: number;
  @Field(() => Int) voiceQuotaMinutes!: number;
  @Field(() => [ServiceType]) services!: string[];
}

@ObjectType()
export class Subscription {
  @Field(() => ID) id!: string;
  @Field(() => Plan) plan!: Plan;
  @Field(() => String, { nullable: true }) msisdn!: string | null;
  @Field(() => LocalDate, { nullable: true }) startedOn!: string | null;
  @Field(() => LocalDate, { nullable: true }) contractEnd!: string | null;
  @Field(() => SubscriptionStatus) status!: string;
}
