import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { customerFeed } from "../customer/customer.feed.js";
import { CustomerFeedInput } from "../customer/customer.inputs.js";
import { UsageFeedInput } from "../usage/usage.inputs.js";
import { usageFeed } from "../usage/usage.feed.js";
import { ConsentFeedInput } from "../consent/consent.inputs.js";
import { consentFeed } from "../consent/consent.feed.js";
import { FeedbackFeedInput } from "../feedback/feedback.inputs.js";
import { feedbackFeed } from "../feedback/feedback.feed.js";
import { PlanFeedInput, SubscriptionFeedInput } from "../subscription/subscription.inputs.js";
import { planFeed } from "../subscription/plan.feed.js";
import { subscriptionFeed } from "../subscription/subscription.feed.js";
import { IdentifierFeedInput } from "../identity/identity.inputs.js";
import { identifierFeed } from "../identity/identity.feed.js";
import { MAX_FEED_BATCH, runFeed } from "./feed.run.js";
import { FeedResult } from "./feed.type.js";
import { feedWriter } from "./feed.writer.js";

const batch = (what: string, key: string) => `${what} (at most ${MAX_FEED_BATCH.toLocaleString("en-US")} per call); idempotent on ${key}.`;

/** The feed mutations of SPEC §8: thin, every one runs the one feed write path (feed.run.ts). */
@Resolver()
export class FeedResolver {
  @Mutation(() => FeedResult, { description: batch("Upserts customers from a CRM or billing system", "externalId") })
  upsertCustomers(@Arg("customers", () => [CustomerFeedInput]) customers: CustomerFeedInput[], @Ctx() ctx: Context) {
    return runFeed(feedWriter(ctx), customerFeed, customers);
  }

  @Mutation(() => FeedResult, { description: batch("Adds or closes identifier windows (account numbers, devices, recycled numbers)", "type + value + validFrom") })
  addIdentifiers(@Arg("identifiers", () => [IdentifierFeedInput]) identifiers: IdentifierFeedInput[], @Ctx() ctx: Context) {
    return runFeed(feedWriter(ctx), identifierFeed, identifiers);
  }

  @Mutation(() => FeedResult, { description: batch("Upserts tariff plans of the operator's catalogue", "code") })
  upsertPlans(@Arg("plans", () => [PlanFeedInput]) plans: PlanFeedInput[], @Ctx() ctx: Context) {
    return runFeed(feedWriter(ctx), planFeed, plans);
  }

  @Mutation(() => FeedResult, { description: batch("Upserts customers' subscriptions (lines, plans, contracts) from billing", "externalId") })
  upsertSubscriptions(@Arg("subscriptions", () => [SubscriptionFeedInput]) subscriptions: SubscriptionFeedInput[], @Ctx() ctx: Context) {
    return runFeed(feedWriter(ctx), subscriptionFeed, subscriptions);
  }

  @Mutation(() => FeedResult, { description: batch("Records monthly usage, bills and per-service charges", "customer + month") })
  recordUsage(@Arg("usage", () => [UsageFeedInput]) usage: UsageFeedInput[], @Ctx() ctx: Context) {
    return runFeed(feedWriter(ctx), usageFeed, usage);
  }

  @Mutation(() => FeedResult, { description: batch("Appends consent decisions captured by other systems to the ledger", "externalId") })
  recordConsents(@Arg("consents", () => [ConsentFeedInput]) consents: ConsentFeedInput[], @Ctx() ctx: Context) {
    return runFeed(feedWriter(ctx), consentFeed, consents);
  }

  @Mutation(() => FeedResult, { description: batch("Stores survey answers (NPS, CSAT, surveys) from survey systems", "externalId") })
  ingestFeedback(@Arg("feedback", () => [FeedbackFeedInput]) feedback: FeedbackFeedInput[], @Ctx() ctx: Context) {
    return runFeed(feedWriter(ctx), feedbackFeed, feedback);
  }
}
