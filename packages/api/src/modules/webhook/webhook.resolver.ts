import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection.js";
import type { Context } from "../../graphql/context.js";
import * as service from "./webhook.service.js";
import { CreatedWebhook, EventType, Webhook, WebhookDelivery, WebhookDeliveryConnection, WebhookDeliveryStatus } from "./webhook.type.js";

@ArgsType()
class DeliveryArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Administrators: one partner's deliveries (a partner always sees only its own)." }) partnerId?: string;
  @Field(() => ID, { nullable: true }) webhookId?: string;
  @Field(() => WebhookDeliveryStatus, { nullable: true }) status?: string;
}

@Resolver()
export class WebhookResolver {
  @Mutation(() => CreatedWebhook, { description: "Registers a partner's endpoint for these event types; the signing secret is shown once." })
  createWebhook(
    @Arg("partnerId", () => ID) partnerId: string,
    @Arg("url", () => String) url: string,
    @Arg("events", () => [EventType]) events: string[],
    @Ctx() ctx: Context,
  ) {
    return service.createWebhook(ctx, { partnerId, url, events });
  }

  @Query(() => [Webhook], { description: "Webhooks: a partner's own, or every partner's for an administrator." })
  webhooks(@Ctx() ctx: Context) {
    return service.listWebhooks(ctx);
  }

  @Query(() => WebhookDeliveryConnection, { description: "Webhook deliveries, newest first: a partner sees its own, an administrator all." })
  async webhookDeliveries(@Args(() => DeliveryArgs) args: DeliveryArgs, @Ctx() ctx: Context) {
    return WebhookDeliveryConnection.from(await service.listDeliveries(ctx, args));
  }

  @Mutation(() => WebhookDelivery, { description: "Sends a delivery again now, with the same event id (Idempotency-Key)." })
  replayWebhookDelivery(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return service.replayDelivery(ctx, id);
  }
}
