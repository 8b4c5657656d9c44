import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { LocalDate } from "../../graphql/scalars.js";
import { findCustomer } from "../customer/customer.service.js";
import { Customer } from "../customer/customer.type.js";
import { Plan } from "../subscription/subscription.type.js";
import { AddHouseholdMemberInput, CreateHouseholdInput } from "./household.inputs.js";
import * as service from "./household.service.js";
import { Household, HouseholdMember } from "./household.type.js";

@Resolver(() => Customer)
export class CustomerHouseholdResolver {
  @FieldResolver(() => Household, { nullable: true, description: "The household (家庭) the customer is a current member of, with the members you may see; null when none." })
  household(@Root() customer: Customer, @Ctx() ctx: Context) {
    return service.customerHousehold(ctx, customer);
  }
}

@Resolver(() => Household)
export class HouseholdResolver {
  @Query(() => Household, { nullable: true, description: "A household, when at least one current member is visible to you (else null, as for a missing id)." })
  household(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return service.findHousehold(ctx, id);
  }

  @FieldResolver(() => Plan, { nullable: true, description: "The family plan the household shares." }) plan(@Root() household: Household, @Ctx() ctx: Context) {
    return service.planOf(ctx, household);
  }

  @Mutation(() => Household, { description: "Creates a household with its head (户主): a person (INDIVIDUAL or FAMILY customer) not in another household." })
  createHousehold(@Arg("input", () => CreateHouseholdInput) input: CreateHouseholdInput, @Ctx() ctx: Context) {
    return service.createHousehold(ctx, input);
  }

  @Mutation(() => Household, { description: "Adds a person (INDIVIDUAL or FAMILY customer) to a household (one household at a time; not a second head)." })
  addHouseholdMember(@Arg("input", () => AddHouseholdMemberInput) input: AddHouseholdMemberInput, @Arg("expectedVersion", () => Int) expectedVersion: number, @Ctx() ctx: Context) {
    return service.addHouseholdMember(ctx, input, expectedVersion);
  }

  @Mutation(() => Household, { description: "Ends a customer's membership (kept as history); the head leaves last." })
  removeHouseholdMember(
    @Arg("householdId", () => ID) householdId: string,
    @Arg("customerId", () => ID) customerId: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("leftOn", () => LocalDate, { nullable: true, description: "Default: today." }) leftOn: string | null,
    @Ctx() ctx: Context,
  ) {
    return service.removeHouseholdMember(ctx, householdId, customerId, expectedVersion, leftOn);
  }
}

@Resolver(() => HouseholdMember)
export class HouseholdMemberResolver {
  @FieldResolver(() => Customer, { nullable: true, description: "The member's customer record (its 360)." }) customer(@Root() member: HouseholdMember, @Ctx() ctx: Context) {
    return findCustomer(ctx, member.customerId);
  }
}
