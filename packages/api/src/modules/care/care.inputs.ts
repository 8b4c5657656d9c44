import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection.js";
import { CareTaskKind } from "./care.type.js";

@InputType()
export class CareTaskFilter {
  @Field(() => [CareTaskKind], { nullable: true }) kind?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => [String], { nullable: true, description: "Customer region (province); needs read access to Customer.region." }) region?: string[];
  @Field(() => Int, { nullable: true, description: "Due within this many days from today (0: due today or earlier)." }) dueWithinDays?: number;
}

@ArgsType()
export class CareTasksArgs extends ConnectionArgs {
  @Field(() => CareTaskFilter, { nullable: true }) filter?: CareTaskFilter;
}
