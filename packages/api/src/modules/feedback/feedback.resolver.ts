import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, Info } from "type-graphql";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { SubmitFeedbackInput } from "./feedback.inputs.js";
import { feedbackLoaders } from "./feedback.loaders.js";
import { submitFeedback } from "./feedback.service.js";
import { Feedback } from "./feedback.type.js";

@Resolver(() => Customer)
export class CustomerFeedbackResolver {
  @FieldResolver(() => [Feedback], { description: "NPS, CSAT and survey answers, newest first." })
  feedback(@Root() customer: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return loadOwnedRows(ctx, "Feedback", customer, ctx.loaders.of(feedbackLoaders, ctx).feedbackByCustomerId, info);
  }
}

@Resolver()
export class FeedbackMutationResolver {
  @Mutation(() => Feedback)
  submitFeedback(@Arg("input", () => SubmitFeedbackInput) input: SubmitFeedbackInput, @Ctx() ctx: Context) {
    return submitFeedback(ctx, input);
  }
}
