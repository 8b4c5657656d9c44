import { Field, ID, InputType } from "type-graphql";
import { DateTime } from "../../graphql/scalars.js";
import { CustomerRefInput } from "../feed/feed.type.js";
import { IdentifierType } from "./identity.type.js";

@InputType({ description: "An identifier given to a customer for a validity window [validFrom, validTo)." })
export class AddIdentifierInput {
  @Field(() => ID) customerId!: string;
  @Field(() => IdentifierType) type!: string;
  @Field(() => String, { description: "Normalised on write: MSISDNs to E.164, e-mail to lower case." }) value!: string;
  @Field(() => DateTime, { nullable: true, description: "Start of the window (default now)." }) validFrom?: Date;
  @Field(() => DateTime, { nullable: true, description: "End of the window, exclusive (default open-ended)." }) validTo?: Date;
  @Field(() => String, { nullable: true, description: "Where the identifier came from (default STEWARD)." }) source?: string;
}

@InputType({ description: "An identifier window from a source system; upserted by type + value + validFrom (closing a window re-sends it with validTo)." })
export class IdentifierFeedInput {
  @Field(() => CustomerRefInput, { description: "Resolved at validFrom." }) customer!: CustomerRefInput;
  @Field(() => IdentifierType) type!: string;
  @Field(() => String, { description: "Normalised on write: MSISDNs to E.164, e-mail to lower case." }) value!: string;
  @Field(() => DateTime, { description: "Start of the window (part of the natural key)." }) validFrom!: Date;
  @Field(() => DateTime, { nullable: true, description: "End of the window, exclusive (absent: open-ended)." }) validTo?: Date | null;
  @Field(() => String, { nullable: true, description: "Where the identifier came from (default IMPORT)." }) source?: string;
}
