import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, Resolver, Root, Info } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { customerInsight } from "./insight.service.js";
import { Insight } from "./insight.type.js";

@Resolver(() => Customer)
export class CustomerInsightResolver {
  @FieldResolver(() => Insight, { nullable: true, description: "Value, lifecycle, churn risk with reasons, latest NPS/CSAT; null until first computed." })
  insight(@Root() customer: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return customerInsight(ctx, customer, info);
  }
}
