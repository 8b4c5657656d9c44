import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { BadInputError } from "../../graphql/errors.js";
import { Customer } from "../customer/customer.type.js";
import { selectRecentUsage } from "./usage.queries.js";
import { UsageMonth } from "./usage.type.js";

const MAX_MONTHS = 60;

@Resolver(() => Customer)
export class CustomerUsageResolver {
  @FieldResolver(() => [UsageMonth], { description: "Monthly usage and bills, newest first." })
  usage(
    @Root() customer: Customer,
    @Ctx() ctx: Context,
    @Arg("months", () => Int, { defaultValue: 12 }) months: number,
  ) {
    if (months < 1 || months > MAX_MONTHS) throw BadInputError.field("months", `must be between 1 and ${MAX_MONTHS}`);
    return loadOwnedRows(ctx, "UsageMonth", customer, (ids) => selectRecentUsage(ctx.db, ids, months), String(months));
  }
}
