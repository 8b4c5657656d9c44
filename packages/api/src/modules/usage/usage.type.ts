import { Field, Float, Int, ObjectType } from "type-graphql";
import { LocalDate } from "../../graphql/scalars.js";

@ObjectType({ description: "Usage and billing of one month." })
export class UsageMonth {
  @Field(() => LocalDate, { description: "First day of the billing month." }) month!: string;
  @Field(() => Int) voiceMinutes!: number;
  @Field(() => Int) smsCount!: number;
  @Field(() => Int) dataMb!: number;
  @Field(() => Float, { description: "Bill in CNY." }) billAmount!: number;
  @Field(() => Boolean) paid!: boolean;
  @Field(() => Float, { description: "Outstanding amount in CNY." }) arrears!: number;
}
