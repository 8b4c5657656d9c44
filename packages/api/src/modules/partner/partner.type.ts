import { Field, ID, ObjectType } from "type-graphql";
import { DateTime } from "../../graphql/scalars.js";
import { gqlEnum } from "../../graphql/enums.js";
import { Purpose } from "../consent/consent.type.js";
import { partnerCapability } from "./partner.table.js";

export const PartnerCapability = gqlEnum(partnerCapability, "PartnerCapability", "What a partner app may do besides reading: INTEGRATION feeds data (the feed mutations); OPEN_CASE, LOG_INTERACTION, SUBMIT_FEEDBACK and RECORD_CONSENT each allow that one mutation for customers visible to the app, through the APP channel.");

@ObjectType({ description: "An API key of a partner app; the secret is never shown again after creation." })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => String) keyId!: string;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => DateTime, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType({ description: "A partner application and its contract: purposes and readable fields." })
export class PartnerApp {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => [Purpose]) allowedPurposes!: string[];
  @Field(() => [String], { description: "Catalog fields as Type.field or Type.*" }) fieldAllowlist!: string[];
  @Field(() => [PartnerCapability]) capabilities!: string[];
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => Boolean, { description: "Created through the API and not yet approved by a second admin (pendingGrants): its keys do not work." })
  awaitingApproval!: boolean;
}

@ObjectType()
export class IssuedApiKey {
  @Field(() => String, { description: "The full key tsk_<keyId>_<secret>: shown once, store it now." }) key!: string;
  @Field(() => ApiKey) apiKey!: ApiKey;
}
