import { Field, Float, InputType, Int } from "type-graphql";
import { CustomerRefInput } from "../feed/feed.type.js";
import { BilledService } from "./usage.type.js";

@InputType({ description: "The fee of one service in a billing month." })
export class ServiceChargeInput {
  @Field(() => BilledService) service!: string;
  @Field(() => Float, { description: "CNY." }) amount!: number;
}

@InputType({ description: "A customer's usage and bill of one month; upserted by customer + month. Absent fields are left as stored." })
export class UsageFeedInput {
  @Field(() => CustomerRefInput) customer!: CustomerRefInput;
  @Field(() => String, { description: "Billing month, YYYY-MM (or any date in it)." }) month!: string;
  @Field(() => Int, { nullable: true }) voiceMinutes?: number;
  @Field(() => Int, { nullable: true }) smsCount?: number;
  @Field(() => Int, { nullable: true }) dataMb?: number;
  @Field(() => Float, { nullable: true, description: "Bill in CNY; defaults to the sum of the charges when they are given." }) billAmount?: number;
  @Field(() => Boolean, { nullable: true }) paid?: boolean;
  @Field(() => Float, { nullable: true, description: "Outstanding amount in CNY at the end of the month." }) arrears?: number;
  @Field(() => [ServiceChargeInput], { nullable: true, description: "Per-service fees; when given they replace the month's charges." })
  charges?: ServiceChargeInput[];
}
