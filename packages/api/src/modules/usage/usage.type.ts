import { Field, Float, Int, ObjectType } from "type-graphql";
import { LocalDate } from "../../graphql/scalars.js";

@ObjectType({ description: "Usage and billing of one month." })
export class UsageMonth {
  @Field(() => LocalDate, { description: "First day of the billing month." }) month!: string;
  @Field(() => Int, { nullable: true }) voiceMinutes!: number | null;
  @Field(() => Int, { nullable: true }) smsCount!: number | null;
  @Field(() => Int, { nullable: true }) dataMb!: number | null;
  @Field(() => Float, { nullable: true, description: "Bill in CNY." }) billAmount!: number | null;
  @Field(() => Boolean, { nullable: true }) paid!: boolean | null;
  @Field(() => Float, { nullable: true, description: "Outstanding amount in CNY." }) arrears!: number | null;
}
