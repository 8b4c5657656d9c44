import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { selectCasesOfCustomers } from "./case.queries.js";
import { Case } from "./case.type.js";

@Resolver(() => Customer)
export class CustomerCasesResolver {
  @FieldResolver(() => [Case], { description: "Service cases, newest first." })
  async cases(@Root() customer: Customer, @Ctx() ctx: Context) {
    const rows = await loadOwnedRows(ctx, "Case", customer, (ids) => selectCasesOfCustomers(ctx.db, ids));
    // Case carries the `overdue` computed field, so rows become instances.
    return rows.map((row) => Object.assign(new Case(), row, { history: row.history.map((h) => ({ ...h, at: new Date(h.at), note: h.note ?? null })) }));
  }
}
