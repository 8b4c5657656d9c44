import { Field, ID, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime, JSONObject } from "../../graphql/scalars.js";
import { grantKind, grantStatus } from "./grant.table.js";

export const GrantKind = gqlEnum(grantKind, "GrantKind", "USER_ROLE: a console user's role; USER_CLEARANCE: a console user's clearance (security levels they may open); PARTNER_ACCESS: a partner app's purposes, fields and capabilities; AUDIENCE: a segment published to a partner.");
export const GrantStatus = gqlEnum(grantStatus, "GrantStatus", "Where a grant request stands.");

@ObjectType({ description: "A change that widens access to personal data, waiting for a second admin (four eyes)." })
export class GrantRequest {
  @Field(() => ID) id!: string;
  @Field(() => GrantKind) kind!: string;
  @Field(() => ID, { description: "The user or partner app the grant is for." }) targetId!: string;
  @Field(() => String) targetName!: string;
  @Field(() => JSONObject, { nullable: true, description: "The target's access when asked (null for a new user or app)." }) current!: Record<string, unknown> | null;
  @Field(() => JSONObject, { description: "The access it would get: { role }, { clearance }, { purposes, fields, capabilities } or an audience's { purpose }." }) proposed!: Record<string, unknown>;
  @Field(() => GrantStatus) status!: string;
  @Field(() => String) requestedBy!: string;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => DateTime, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => DateTime) createdAt!: Date;
}
