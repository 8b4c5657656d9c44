import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { CareTaskKind } from "./care.type.js";

@InputType()
export class CareTaskFilter {
  @Field(() => [CareTaskKind], { nullable: true }) kind?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => [String], { nullable: true, description: "Customer region (province); needs read access to Customer.region." }) region?: string[];
  @Field(() => Int, { nullable: true, description: "Due within this many days from today (0: due today or earlier)." }) dueWithinDays?: number;
}

@ArgsType()
export class CareTasksArgs {
  @Field(() => Int, { nullable: true, description: "Page size (default 20, maximum TESSERA_MAX_PAGE_SIZE)." }) first?: number;
  @Field(() => String, { nullable: true }) after?: string;
  @Field(() => CareTaskFilter, { nullable: true }) filter?: CareTaskFilter;
}
