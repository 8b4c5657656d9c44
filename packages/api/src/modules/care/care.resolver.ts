import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { findCustomer } from "../customer/customer.service.js";
import { Customer } from "../customer/customer.type.js";
import { Interaction } from "../interaction/interaction.type.js";
import { AssignCareTaskInput, CareTasksArgs, CompleteCareTaskInput, SnoozeCareTaskInput } from "./care.inputs.js";
import * as work from "./care.work.js";
import * as service from "./care.service.js";
import { CareTask, CareTaskConnection } from "./care.type.js";

@Resolver(() => Customer)
export class CustomerCareTasksResolver {
  @FieldResolver(() => [CareTask], { description: "Care actions due now for this customer (birthday, contract ending, data quota, special care)." })
  careTasks(@Root() customer: Customer, @Ctx() ctx: Context) {
    return service.customerCareTasks(ctx, customer);
  }
}

@ObjectType({ description: "A staff member a care task may be assigned to." })
export class CareAssignee {
  @Field(() => String) username!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
}

@Resolver(() => CareTask)
export class CareTaskResolver {
  @Query(() => [CareAssignee], { description: "Who care tasks may be assigned to: active stewards and agents." })
  careAssignees(@Ctx() ctx: Context) {
    return work.careAssignees(ctx);
  }

  @Mutation(() => Interaction, { description: "Completes a care task by logging the contact it asks for, with its outcome; the interaction takes the task off the queue." })
  completeCareTask(@Arg("input", () => CompleteCareTaskInput) input: CompleteCareTaskInput, @Ctx() ctx: Context) {
    return work.completeCareTask(ctx, input);
  }

  @Mutation(() => CareTask, { description: "Takes a care task out of the queue until a day (at most 90 days ahead)." })
  snoozeCareTask(@Arg("input", () => SnoozeCareTaskInput) input: SnoozeCareTaskInput, @Ctx() ctx: Context) {
    return work.snoozeCareTask(ctx, input);
  }

  @Mutation(() => CareTask, { description: "Assigns a care task to an active steward or agent (null unassigns)." })
  assignCareTask(@Arg("input", () => AssignCareTaskInput) input: AssignCareTaskInput, @Ctx() ctx: Context) {
    return work.assignCareTask(ctx, input);
  }

  @Query(() => CareTaskConnection, { description: "The care work queue across customers, soonest due first." })
  async careTasks(@Args(() => CareTasksArgs) args: CareTasksArgs, @Ctx() ctx: Context) {
    return CareTaskConnection.from(await service.listCareTasks(ctx, args));
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The customer (null when not visible to you)." })
  customer(@Root() task: CareTask, @Ctx() ctx: Context) {
    return findCustomer(ctx, task.customerId);
  }
}
