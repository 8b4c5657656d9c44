import { Field, ID, Int, ObjectType } from "type-graphql";
import { Connection } from "../../graphql/connection.js";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime } from "../../graphql/scalars.js";
import { deliveryStatus, eventType } from "./webhook.table.js";

export const EventType = gqlEnum(eventType, "EventType", "Outbound event types (SPEC §8).");
export const WebhookDeliveryStatus = gqlEnum(deliveryStatus, "WebhookDeliveryStatus", "PENDING (to be tried or retried), DELIVERED (2xx), DEAD (retries exhausted after 24 h; replayable).");

@ObjectType({ description: "A partner's endpoint for outbound events. Deliveries are signed with its secret (Tessera-Signature)." })
export class Webhook {
  @Field(() => ID) id!: string;
  @Field(() => ID) partnerId!: string;
  @Field(() => String) url!: string;
  @Field(() => [EventType]) events!: string[];
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => DateTime) createdAt!: Date;
}

@ObjectType()
export class CreatedWebhook {
  @Field(() => String, { description: "The signing secret: shown once, store it now." }) secret!: string;
  @Field(() => Webhook) webhook!: Webhook;
}

@ObjectType({ description: "One event sent (or to be sent) to one webhook. The event id is the Idempotency-Key header of every attempt." })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => ID) eventId!: string;
  @Field(() => EventType) eventType!: string;
  @Field(() => DateTime) occurredAt!: Date;
  @Field(() => ID) webhookId!: string;
  @Field(() => ID) partnerId!: string;
  @Field(() => ID, { description: "The customer the event is about (a surrogate id)." }) customerId!: string;
  @Field(() => WebhookDeliveryStatus) status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => DateTime, { nullable: true, description: "When the next attempt is due (PENDING only)." }) nextAttemptAt!: Date | null;
  @Field(() => DateTime, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => Int, { nullable: true }) lastStatusCode!: number | null;
  @Field(() => String, { nullable: true, description: "Why the last attempt failed (HTTP status, timeout, connection error)." }) lastError!: string | null;
  @Field(() => DateTime, { nullable: true }) deliveredAt!: Date | null;
  @Field(() => DateTime) createdAt!: Date;
}

export const WebhookDeliveryConnection = Connection(WebhookDelivery, "WebhookDelivery");
