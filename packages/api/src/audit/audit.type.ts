import { GraphQLJSON } from "graphql-scalars";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Connection } from "../graphql/connection.js";
import { gqlEnum } from "../graphql/enums.js";
import { DateTime } from "../graphql/scalars.js";
import { Purpose } from "../modules/consent/consent.type.js";
import { auditAction } from "./audit.table.js";

export const AuditAction = gqlEnum(auditAction, "AuditAction", "What an audited request did with the customers it names.");

@ObjectType({ description: "One entry of the append-only, hash-chained audit trail: one request's reads or one write." })
export class AuditEvent {
  @Field(() => Float, { description: "Position in the chain (a bigint; exact up to 2^53)." }) seq!: number;
  @Field(() => DateTime) occurredAt!: Date;
  @Field(() => String, { description: "Request id, as in the server logs." }) requestId!: string;
  @Field(() => String, { description: "Who: `user:<username>`, `partner:<app name>` or `system`." }) principal!: string;
  @Field(() => String, { description: "USER, PARTNER, SYSTEM or ANONYMOUS." }) principalKind!: string;
  @Field(() => String, { nullable: true, description: "Console role of a user principal." }) role!: string | null;
  @Field(() => ID, { nullable: true, description: "Partner app of a partner principal." }) partnerId!: string | null;
  @Field(() => Purpose) purpose!: string;
  @Field(() => String, { description: "GraphQL operation name (or its root fields when unnamed)." }) operation!: string;
  @Field(() => AuditAction) action!: string;
  @Field(() => [ID], { description: "Every customer the request read or changed." }) customerIds!: string[];
  @Field(() => [String], { description: "Catalog fields read or changed, as `Type.field`." }) fields!: string[];
  @Field(() => GraphQLJSON, {
    nullable: true,
    description:
      "Writes: `[{ field, before, after }]`; personal values appear as `hmac:<hex>`, never in clear: HMAC-SHA-256 under the customer's own data key, which is not in the database in clear and which erasure destroys (crypto-shredding).",
  })
  changes!: unknown;
  @Field(() => String, { description: "HMAC-SHA-256 under the chain key (kept wrapped under the master key, which is not in the database) of prevHash, position and the canonical row." })
  hash!: string;
  @Field(() => String, { description: "Hash of the previous event (64 zeros for the first)." }) prevHash!: string;
}

export const AuditEventConnection = Connection(AuditEvent, "AuditEvent");
export type AuditEventConnection = InstanceType<typeof AuditEventConnection>;

@ObjectType({ description: "Result of re-computing the audit hash chain from the first event." })
export class AuditChainStatus {
  @Field(() => Boolean, { description: "True when every event's hash and link to its predecessor verify." }) ok!: boolean;
  @Field(() => Int, { description: "Events checked (up to and including the first broken one)." }) checked!: number;
  @Field(() => Float, { nullable: true, description: "seq of the first event that fails verification." }) firstBrokenId!: number | null;
  @Field(() => String, { nullable: true, description: "Why that event fails: altered contents, or events deleted or inserted before it." })
  reason!: string | null;
  @Field(() => String, {
    description: "Hash of the last verified event. Keep a copy elsewhere: removing events from the end of the chain is detectable only against it.",
  })
  lastHash!: string;
}
