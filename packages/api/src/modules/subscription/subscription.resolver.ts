import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { customerRowsLoader } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { selectSubscriptionsOfCustomers } from "./subscription.queries.js";
import { Subscription } from "./subscription.type.js";

@Resolver(() => Customer)
export class CustomerSubscriptionsResolver {
  @FieldResolver(() => [Subscription])
  subscriptions(@Root() customer: Customer, @Ctx() ctx: Context) {
    return customerRowsLoader(ctx, "subscriptionsByCustomerId", (ids) => selectSubscriptionsOfCustomers(ctx.db, ids)).load(customer.id);
  }
}
