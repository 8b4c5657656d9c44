import { problem } from "@tessera/schema/problems";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Int, Resolver, Root, Info } from "type-graphql";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { BadInputError } from "../../graphql/errors.js";
import { Customer } from "../customer/customer.type.js";
import { usageLoaders } from "./usage.loaders.js";
import { MAX_USAGE_MONTHS } from "./usage.queries.js";
import { UsageMonth } from "./usage.type.js";

@Resolver(() => Customer)
export class CustomerUsageResolver {
  @FieldResolver(() => [UsageMonth], { description: "Monthly usage and bills, newest first." })
  usage(
    @Root() customer: Customer,
    @Ctx() ctx: Context,
    @Arg("months", () => Int, { defaultValue: 12 }) months: number,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (months < 1 || months > MAX_USAGE_MONTHS) throw BadInputError.field("months", problem("NOT_BETWEEN", { min: 1, max: MAX_USAGE_MONTHS }));
    return loadOwnedRows(ctx, "UsageMonth", customer, ctx.loaders.of(usageLoaders, ctx).recentByCustomerId(months), info);
  }
}
