import { Field, Float, Int, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { LocalDate } from "../../graphql/scalars.js";
import { billedService } from "./usage.table.js";

export const BilledService = gqlEnum(billedService, "BilledService", "A service a monthly bill is split into.");

@ObjectType({ description: "The fee of one service in a billing month." })
export class ServiceCharge {
  @Field(() => BilledService) service!: string;
  @Field(() => Float, { description: "CNY." }) amount!: number;
}

@ObjectType({ description: "Usage and billing of one month." })
export class UsageMonth {
  @Field(() => LocalDate, { description: "First day of the billing month." }) month!: string;
  @Field(() => Int, { nullable: true }) voiceMinutes!: number | null;
  @Field(() => Int, { nullable: true }) smsCount!: number | null;
  @Field(() => Int, { nullable: true }) dataMb!: number | null;
  @Field(() => Float, { nullable: true, description: "Bill in CNY." }) billAmount!: number | null;
  @Field(() => Boolean, { nullable: true }) paid!: boolean | null;
  @Field(() => Float, { nullable: true, description: "Outstanding amount in CNY." }) arrears!: number | null;
  @Field(() => [ServiceCharge], { nullable: true, description: "Per-service fees of the month (empty when the bill was not split)." })
  charges!: ServiceCharge[] | null;
}
