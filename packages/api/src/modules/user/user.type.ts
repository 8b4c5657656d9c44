import { Field, ID, Int, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime } from "../../graphql/scalars.js";
import { Purpose } from "../consent/consent.type.js";
import { role } from "./user.table.js";

export const Role = gqlEnum(role, "Role", "Console roles (SPEC §4.4).");

@ObjectType({ description: "A console user." })
export class User {
  @Field(() => ID) id!: string;
  @Field(() => String) username!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => Role) role!: string;
  @Field(() => Int, { description: "The highest customer security level (1–5) the user may open; records above it do not exist for them." }) clearance!: number;
  @Field(() => DateTime, { nullable: true }) lastLoginAt!: Date | null;
  @Field(() => DateTime, { nullable: true }) lockedUntil!: Date | null;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true, description: "Set when an admin disabled the user: they cannot log in and their sessions ended." }) disabledAt!: Date | null;
  @Field(() => Boolean, { description: "Created with a role that reads personal data; cannot log in until a second admin approves (pendingGrants)." })
  awaitingApproval!: boolean;
  @Field(() => Boolean, { description: "An admin set a temporary password: the user's sessions may only change it (changePassword) until they do." })
  mustChangePassword!: boolean;
}

@ObjectType()
export class Session {
  @Field(() => String, { description: "Send as Authorization: Bearer <token>." }) token!: string;
  @Field(() => DateTime) expiresAt!: Date;
  @Field(() => User) user!: User;
}

@ObjectType({ description: "Who the current request runs as." })
export class Me {
  @Field(() => String, { description: "USER, PARTNER or SYSTEM." }) kind!: string;
  @Field(() => String) name!: string;
  @Field(() => Role, { nullable: true }) role!: string | null;
  @Field(() => ID, { nullable: true }) partnerId!: string | null;
  @Field(() => Purpose, { description: "The purpose this request runs under." }) purpose!: string;
}
