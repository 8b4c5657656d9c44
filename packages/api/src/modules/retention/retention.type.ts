import { Field, Int, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime } from "../../graphql/scalars.js";
import { retentionKey } from "./retention.table.js";

export const RetentionKey = gqlEnum(retentionKey, "RetentionKey", "Retention class of a catalog field (packages/schema catalog).");

@ObjectType({ description: "How long one retention class of the data catalog is kept, and what `tessera retention run` does at the end." })
export class RetentionPolicy {
  @Field(() => RetentionKey) key!: string;
  @Field(() => Int, { nullable: true, description: "Null: no time limit is applied by the retention run (see basis)." }) periodMonths!: number | null;
  @Field(() => String, { description: "What the period counts from." }) basis!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { description: "SCRUB_TEXT, DELETE_ROWS, ERASE_CUSTOMERS or NONE." }) action!: string;
  @Field(() => String, { description: "What the action does, or why there is nothing to do." }) note!: string;
  @Field(() => DateTime) updatedAt!: Date;
}

@ObjectType()
export class RetentionFieldCount {
  @Field(() => String) field!: string;
  @Field(() => Int) values!: number;
}

@ObjectType({ description: "One step of a retention run: what is due now (dry run)." })
export class RetentionStep {
  @Field(() => String, { description: "A retention key, or LEGAL_HOLD_ENDED / DSR_EXPORTS housekeeping." }) key!: string;
  @Field(() => String) action!: string;
  @Field(() => Int, { nullable: true }) periodMonths!: number | null;
  @Field(() => DateTime, { nullable: true, description: "Rows older than this are due." }) cutoff!: Date | null;
  @Field(() => Int, { description: "Rows that would be scrubbed or deleted." }) rows!: number;
  @Field(() => [RetentionFieldCount], { description: "Values that would be cleared, per field (SCRUB_TEXT); rows that would be deleted, per record type such as `WebhookDelivery.*` (DELETE_ROWS)." })
  fields!: RetentionFieldCount[];
  @Field(() => String) note!: string;
}
