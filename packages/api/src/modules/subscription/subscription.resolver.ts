import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, Resolver, Root, Info } from "type-graphql";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { subscriptionLoaders } from "./subscription.loaders.js";
import { Subscription } from "./subscription.type.js";

@Resolver(() => Customer)
export class CustomerSubscriptionsResolver {
  @FieldResolver(() => [Subscription])
  subscriptions(@Root() customer: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return loadOwnedRows(ctx, "Subscription", customer, ctx.loaders.of(subscriptionLoaders, ctx).subscriptionsByCustomerId, info);
  }
}
