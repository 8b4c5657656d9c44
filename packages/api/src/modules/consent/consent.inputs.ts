import { Field, ID, InputType } from "type-graphql";
import { DateTime } from "../../graphql/scalars.js";
import { CustomerRefInput } from "../feed/feed.type.js";
import { ConsentSource, ConsentStatus, ContactChannel, LegalBasis, Purpose } from "./consent.type.js";

@InputType({ description: "A consent decision to append to the ledger." })
export class RecordConsentInput {
  @Field(() => ID) customerId!: string;
  @Field(() => Purpose) purpose!: string;
  @Field(() => ContactChannel, { nullable: true, description: "For MARKETING: the channel the decision covers; null covers all." })
  channel?: string | null;
  @Field(() => ID, { nullable: true, description: "Required for THIRD_PARTY_SHARING: the partner app the data may go to." })
  partnerId?: string | null;
  @Field(() => ConsentStatus) status!: string;
  @Field(() => LegalBasis, { nullable: true, defaultValue: "CONSENT" }) legalBasis?: string;
  @Field(() => ConsentSource) source!: string;
  @Field(() => String, { description: "Version of the privacy notice shown, e.g. 2026-03." }) policyVersion!: string;
  @Field(() => String, { nullable: true, description: "Text or reference of the notice shown to the customer." }) notice?: string;
  @Field(() => DateTime, { nullable: true, description: "When the customer decided; defaults to now." }) capturedAt?: Date;
  @Field(() => DateTime, { nullable: true }) expiresAt?: Date | null;
}

@InputType({ description: "A consent decision captured by another system; appended once per externalId." })
export class ConsentFeedInput {
  @Field(() => String, { description: "The decision's id in the source system." }) externalId!: string;
  @Field(() => CustomerRefInput) customer!: CustomerRefInput;
  @Field(() => Purpose) purpose!: string;
  @Field(() => ContactChannel, { nullable: true }) channel?: string | null;
  @Field(() => ID, { nullable: true }) partnerId?: string | null;
  @Field(() => ConsentStatus) status!: string;
  @Field(() => LegalBasis, { nullable: true }) legalBasis?: string;
  @Field(() => ConsentSource) source!: string;
  @Field(() => String) policyVersion!: string;
  @Field(() => String, { nullable: true }) notice?: string;
  @Field(() => DateTime, { nullable: true, description: "When the customer decided; defaults to now." }) capturedAt?: Date;
  @Field(() => DateTime, { nullable: true }) expiresAt?: Date | null;
}
