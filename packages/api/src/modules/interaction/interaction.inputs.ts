import { Field, ID, InputType } from "type-graphql";
import { DateTime } from "../../graphql/scalars.js";
import { CustomerRefInput } from "../feed/feed.type.js";
import { InteractionChannel, InteractionType } from "./interaction.type.js";

@InputType()
abstract class InteractionFields {
  @Field(() => ID) customerId!: string;
  @Field(() => DateTime, { nullable: true, description: "Defaults to now." }) occurredAt?: Date;
  @Field(() => InteractionChannel) channel!: string;
  @Field(() => InteractionType) type!: string;
  @Field(() => String, { nullable: true }) summary?: string;
  @Field(() => String, { nullable: true }) agent?: string;
  @Field(() => String, { nullable: true }) outcome?: string;
  @Field(() => ID, { nullable: true }) caseId?: string;
}

@InputType()
export class LogInteractionInput extends InteractionFields {
  @Field(() => String, { nullable: true, description: "Source-system id; a repeat is CONFLICT." }) externalId?: string;
}

@InputType({ description: "An interaction event from a channel system; externalId makes re-delivery harmless." })
export class InteractionEventInput {
  @Field(() => ID, { nullable: true, description: "The customer; or give `customer` (id, externalId or identifier at occurredAt)." }) customerId?: string;
  @Field(() => CustomerRefInput, { nullable: true }) customer?: CustomerRefInput;
  @Field(() => DateTime, { nullable: true, description: "Defaults to now." }) occurredAt?: Date;
  @Field(() => InteractionChannel) channel!: string;
  @Field(() => InteractionType) type!: string;
  @Field(() => String, { nullable: true }) summary?: string;
  @Field(() => String, { nullable: true }) agent?: string;
  @Field(() => String, { nullable: true }) outcome?: string;
  @Field(() => ID, { nullable: true }) caseId?: string;
  @Field(() => String) externalId!: string;
}

@InputType()
export class InteractionFilter {
  @Field(() => [InteractionType], { nullable: true }) type?: string[];
  @Field(() => [InteractionChannel], { nullable: true }) channel?: string[];
  @Field(() => DateTime, { nullable: true, description: "occurredAt >= from" }) from?: Date;
  @Field(() => DateTime, { nullable: true, description: "occurredAt < to" }) to?: Date;
}
