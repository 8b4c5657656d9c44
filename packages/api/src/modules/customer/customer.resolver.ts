import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, ArgsType, Ctx, Field, ID, Info, Int, Mutation, Query, Resolver } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection.js";
import type { Context } from "../../graphql/context.js";
import { DateTime } from "../../graphql/scalars.js";
import { IdentifierType } from "../identity/identity.type.js";
import type { IdentifierRow } from "../identity/identity.table.js";
import { CreateCustomerInput, CustomerFilter, CustomerOrder, UpdateCustomerInput } from "./customer.inputs.js";
import { planCustomerFields } from "./customer.relations.js";
import * as service from "./customer.service.js";
import { Customer, CustomerConnection } from "./customer.type.js";

@ArgsType()
class CustomersArgs extends ConnectionArgs {
  @Field(() => CustomerFilter, { nullable: true }) filter?: CustomerFilter;
  @Field(() => CustomerOrder, { nullable: true, description: "Default: createdAt ascending." }) orderBy?: CustomerOrder;
}

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: "A customer by id; null when it does not exist (or is not visible to you)." })
  customer(@Arg("id", () => ID) id: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return service.findCustomer(ctx, id, planCustomerFields(info, [], ctx.policy));
  }

  @Query(() => Customer, { nullable: true, description: "The customer an identifier belongs to at `at` (default now), honouring validity windows." })
  customerByIdentifier(
    @Arg("type", () => IdentifierType) type: IdentifierRow["type"],
    @Arg("value", () => String) value: string,
    @Arg("at", () => DateTime, { nullable: true }) at: Date | undefined,
    @Ctx() ctx: Context,
  ) {
    return service.findCustomerByIdentifier(ctx, type, value, at);
  }

  @Query(() => CustomerConnection, { description: "Customers, as a Relay connection with keyset cursors." })
  async customers(@Args(() => CustomersArgs) args: CustomersArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return CustomerConnection.from(await service.listCustomers(ctx, args, planCustomerFields(info, ["edges", "node"], ctx.policy)));
  }

  @Mutation(() => Customer)
  createCustomer(@Arg("input", () => CreateCustomerInput) input: CreateCustomerInput, @Ctx() ctx: Context) {
    return service.createCustomer(ctx, input);
  }

  @Mutation(() => Customer, { description: "Updates the fields sent; a stale expectedVersion fails with CONFLICT and writes nothing." })
  updateCustomer(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateCustomerInput) input: UpdateCustomerInput,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: Context,
  ) {
    return service.updateCustomer(ctx, id, input, expectedVersion);
  }
}
