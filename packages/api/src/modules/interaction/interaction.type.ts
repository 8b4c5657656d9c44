import { Field, ID, Int, ObjectType } from "type-graphql";
import { Connection } from "../../graphql/connection.js";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime } from "../../graphql/scalars.js";
import { interactionChannel, interactionType } from "./interaction.table.js";

export const InteractionChannel = gqlEnum(interactionChannel, "InteractionChannel");
export const InteractionType = gqlEnum(interactionType, "InteractionType");

@ObjectType({ description: "A contact with the customer in any channel." })
export class Interaction {
  @Field(() => ID) id!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => DateTime, { nullable: true }) occurredAt!: Date | null;
  @Field(() => InteractionChannel, { nullable: true }) channel!: string | null;
  @Field(() => InteractionType, { nullable: true }) type!: string | null;
  @Field(() => String, { nullable: true, description: "Free text; scrubbed on erasure and by retention." }) summary!: string | null;
  @Field(() => String, { nullable: true }) agent!: string | null;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => String, { nullable: true, description: "Id in the source system; ingestion is idempotent on it." }) externalId!: string | null;
}

export const InteractionConnection = Connection(Interaction, "Interaction");

@ObjectType()
export class IngestItemError {
  @Field(() => Int, { description: "Position of the event in the batch (0-based)." }) index!: number;
  @Field(() => String, { nullable: true }) externalId!: string | null;
  @Field(() => String, { description: "Input field at fault, e.g. events[3].channel." }) field!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: "Outcome of a batch ingestion; valid events are stored even when others are rejected." })
export class IngestResult {
  @Field(() => Int) inserted!: number;
  @Field(() => Int, { description: "Always 0: interactions are append-only (kept for the feed result's shape)." }) updated!: number;
  @Field(() => Int, { description: "Events whose externalId was already stored (or repeated in the batch); same as duplicate." }) unchanged!: number;
  @Field(() => Int, { description: "Events whose externalId was already stored (or repeated in the batch)." }) duplicate!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => [IngestItemError]) errors!: IngestItemError[];
}
