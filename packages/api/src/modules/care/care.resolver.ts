import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { findCustomer } from "../customer/customer.service.js";
import { Customer } from "../customer/customer.type.js";
import { CareTasksArgs } from "./care.inputs.js";
import * as service from "./care.service.js";
import { CareTask, CareTaskConnection } from "./care.type.js";

@Resolver(() => Customer)
export class CustomerCareTasksResolver {
  @FieldResolver(() => [CareTask], { description: "Care actions due now for this customer (birthday, contract ending, data quota, special care)." })
  careTasks(@Root() customer: Customer, @Ctx() ctx: Context) {
    return service.customerCareTasks(ctx, customer);
  }
}

@Resolver(() => CareTask)
export class CareTaskResolver {
  @Query(() => CareTaskConnection, { description: "The care work queue across customers, soonest due first." })
  async careTasks(@Args(() => CareTasksArgs) args: CareTasksArgs, @Ctx() ctx: Context) {
    return CareTaskConnection.from(await service.listCareTasks(ctx, args));
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The customer (null when not visible to you)." })
  customer(@Root() task: CareTask, @Ctx() ctx: Context) {
    return findCustomer(ctx, task.customerId);
  }
}
