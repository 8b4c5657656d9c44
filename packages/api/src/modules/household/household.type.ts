import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime, LocalDate } from "../../graphql/scalars.js";
import { householdRole } from "./household.table.js";

export const HouseholdRole = gqlEnum(householdRole, "HouseholdRole", "A member's relation in the family: HEAD (户主, holds the family account), SPOUSE, CHILD, PARENT, OTHER.");

@ObjectType({
  description:
    "Household value, from the members' own stored figures (no new formula): clv = Σ members' Insight.clv (each ARPU × gross margin × expected remaining lifetime); " +
    "meanClv = clv ÷ membersValued; arpu = Σ members' Insight.arpu. Only members listed to you count; shown or withheld whole (catalog Household.value).",
})
export class HouseholdValue {
  @Field(() => Float, { nullable: true, description: "Σ of the listed members' CLV, ¥ (null: none has one)." }) clv!: number | null;
  @Field(() => Float, { nullable: true, description: "Household CLV ÷ members with a CLV, ¥." }) meanClv!: number | null;
  @Field(() => Float, { nullable: true, description: "Σ of the listed members' ARPU, ¥/month." }) arpu!: number | null;
  @Field(() => Int, { description: "Members whose CLV the figures cover." }) membersValued!: number;
}

@ObjectType({ description: "A customer's current membership of a household (家庭成员)." })
export class HouseholdMember {
  @Field(() => ID) id!: string;
  @Field(() => ID) householdId!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => HouseholdRole, { nullable: true }) role!: string | null;
  @Field(() => Boolean, { nullable: true, description: "A 亲情号码 (family number) of the household's bundle." }) familyNumber!: boolean | null;
  @Field(() => LocalDate, { nullable: true }) joinedOn!: string | null;
}

@ObjectType({ description: "A household (家庭): a family account tying member lines together (family plans, 亲情号码 bundles)." })
export class Household {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true, description: "What the family is called at the desk." }) name!: string | null;
  @Field(() => ID, { nullable: true, description: "The family plan the household shares." }) planId!: string | null;
  @Field(() => [HouseholdMember], { description: "Current members you may see, head first; members you may not see are neither listed nor counted." })
  members!: HouseholdMember[];
  @Field(() => Int, { nullable: true, description: "How many current members you may see." }) memberCount!: number | null;
  @Field(() => HouseholdValue, { nullable: true, description: "Household value over the members listed (see HouseholdValue for the formula)." }) value!: HouseholdValue | null;
  @Field(() => DateTime) updatedAt!: Date;
}
