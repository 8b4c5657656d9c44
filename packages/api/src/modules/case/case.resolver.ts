import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Info } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { findCustomer } from "../customer/customer.service.js";
import { Customer } from "../customer/customer.type.js";
import { CasesArgs, OpenCaseInput, TransitionCaseArgs } from "./case.inputs.js";
import * as service from "./case.service.js";
import { Case, CaseConnection } from "./case.type.js";

@Resolver(() => Customer)
export class CustomerCasesResolver {
  @FieldResolver(() => [Case], { description: "Service cases, newest first." })
  cases(@Root() customer: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return service.customerCases(ctx, customer, info);
  }
}

@Resolver(() => Case)
export class CaseResolver {
  @Query(() => CaseConnection, { description: "The case work queue, soonest due first (keyset on dueAt, id)." })
  async cases(@Args(() => CasesArgs) args: CasesArgs, @Ctx() ctx: Context) {
    return CaseConnection.from(await service.listCases(ctx, args));
  }

  @Query(() => Case, { nullable: true, description: "A case by id; null when it does not exist (or its customer is not visible to you)." })
  case(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return service.findCase(ctx, id);
  }

  @Mutation(() => Case, { description: "Opens a case owned by the caller (first contact owns it), due by the SLA of its kind; logs or links the intake contact." })
  openCase(@Arg("input", () => OpenCaseInput) input: OpenCaseInput, @Ctx() ctx: Context) {
    return service.openCase(ctx, input);
  }

  @Mutation(() => Case, { description: "One step of the closed loop; a stale expectedVersion is CONFLICT, an action the status does not allow is BAD_USER_INPUT naming the allowed ones." })
  transitionCase(@Args(() => TransitionCaseArgs) args: TransitionCaseArgs, @Ctx() ctx: Context) {
    return service.transitionCase(ctx, args);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The customer (null when not visible to you)." })
  customer(@Root() kase: Case, @Ctx() ctx: Context) {
    return findCustomer(ctx, kase.customerId);
  }
}
