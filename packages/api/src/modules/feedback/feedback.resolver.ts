import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, Info } from "type-graphql";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { SubmitFeedbackInput } from "./feedback.inputs.js";
import { selectFeedbackOfCustomers } from "./feedback.queries.js";
import { submitFeedback } from "./feedback.service.js";
import { Feedback } from "./feedback.type.js";

@Resolver(() => Customer)
export class CustomerFeedbackResolver {
  @FieldResolver(() => [Feedback], { description: "NPS, CSAT and survey answers, newest first." })
  feedback(@Root() customer: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return loadOwnedRows(ctx, "Feedback", customer, (ids) => selectFeedbackOfCustomers(ctx.db, ids), "", info);
  }
}

@Resolver()
export class FeedbackMutationResolver {
  @Mutation(() => Feedback)
  submitFeedback(@Arg("input", () => SubmitFeedbackInput) input: SubmitFeedbackInput, @Ctx() ctx: Context) {
    return submitFeedback(ctx, input);
  }
}
