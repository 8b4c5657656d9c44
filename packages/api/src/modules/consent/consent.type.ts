import { Field, ID, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime, JSONObject } from "../../graphql/scalars.js";
import { consentSource, consentStatus, contactChannel, legalBasis, purpose } from "./consent.table.js";

export const Purpose = gqlEnum(purpose, "Purpose", "Why personal data is processed (SPEC §4.2).");
export const ConsentStatus = gqlEnum(consentStatus, "ConsentStatus");
export const LegalBasis = gqlEnum(legalBasis, "LegalBasis");
export const ConsentSource = gqlEnum(consentSource, "ConsentSource", "Where the consent was captured.");
export const ContactChannel = gqlEnum(contactChannel, "ContactChannel", "Outbound channel a marketing consent applies to.");

@ObjectType({ description: "One entry of the append-only consent ledger, with its receipt." })
export class ConsentEvent {
  @Field(() => ID) id!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => Purpose) purpose!: string;
  @Field(() => ContactChannel, { nullable: true }) channel!: string | null;
  @Field(() => ID, { nullable: true, description: "Partner the consent is for (THIRD_PARTY_SHARING)." }) partnerId!: string | null;
  @Field(() => ConsentStatus) status!: string;
  @Field(() => LegalBasis) legalBasis!: string;
  @Field(() => ConsentSource) source!: string;
  @Field(() => String) policyVersion!: string;
  @Field(() => DateTime) capturedAt!: Date;
  @Field(() => DateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => JSONObject, {
    nullable: true,
    description: "ISO/IEC 27560-shaped receipt: principal, controller, purpose, notice, method, time. Null where the policy withholds the notice text.",
  })
  evidence!: Record<string, unknown> | null;
  @Field(() => String, { description: "sha256 of the canonical receipt." }) receiptHash!: string;
  @Field(() => String) recordedBy!: string;
}

@ObjectType({ description: "Current consent for one (purpose, channel, partner), derived from the ledger at read time." })
export class ConsentState {
  @Field(() => Purpose) purpose!: string;
  @Field(() => ContactChannel, { nullable: true }) channel!: string | null;
  @Field(() => ID, { nullable: true }) partnerId!: string | null;
  @Field(() => ConsentStatus, { description: "Status of the latest ledger event." }) status!: string;
  @Field(() => Boolean, { description: "True only when the latest event is GRANTED and has not expired." }) granted!: boolean;
  @Field(() => Boolean) expired!: boolean;
  @Field(() => DateTime) capturedAt!: Date;
  @Field(() => DateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => String) policyVersion!: string;
  @Field(() => ConsentSource) source!: string;
  @Field(() => ID) eventId!: string;
}
