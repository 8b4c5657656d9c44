import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { selectIdentifiersOfCustomers } from "./identity.queries.js";
import { Identifier } from "./identity.type.js";

@Resolver(() => Customer)
export class CustomerIdentifiersResolver {
  @FieldResolver(() => [Identifier], { description: "All identifiers, past and current, with their validity windows." })
  identifiers(@Root() customer: Customer, @Ctx() ctx: Context) {
    return loadOwnedRows(ctx, "Identifier", customer, (ids) => selectIdentifiersOfCustomers(ctx.db, ids));
  }
}
