import { Field, ID, InputType } from "type-graphql";
import { LocalDate } from "../../graphql/scalars.js";
import { HouseholdRole } from "./household.type.js";

@InputType({ description: "A new household and its head (the member holding the family account)." })
export class CreateHouseholdInput {
  @Field(() => ID) headCustomerId!: string;
  @Field(() => String, { nullable: true, description: "What the family is called at the desk (at most 100 characters)." }) name?: string | null;
  @Field(() => ID, { nullable: true, description: "The family plan the household shares." }) planId?: string | null;
  @Field(() => Boolean, { nullable: true, description: "The head's line is a 亲情号码 of the bundle." }) familyNumber?: boolean | null;
  @Field(() => LocalDate, { nullable: true, description: "Default: today." }) joinedOn?: string | null;
}

@InputType({ description: "A customer joining a household." })
export class AddHouseholdMemberInput {
  @Field(() => ID) householdId!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => HouseholdRole, { description: "Not HEAD: a household has one head, named when it is created." }) role!: string;
  @Field(() => Boolean, { nullable: true }) familyNumber?: boolean | null;
  @Field(() => LocalDate, { nullable: true, description: "Default: today." }) joinedOn?: string | null;
}
