import { Field, ID, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime } from "../../graphql/scalars.js";
import { identifierType } from "./identity.table.js";

export const IdentifierType = gqlEnum(identifierType, "IdentifierType");

@ObjectType({ description: "An identifier that resolves to the customer during its validity window." })
export class Identifier {
  @Field(() => ID) id!: string;
  @Field(() => IdentifierType) type!: string;
  @Field(() => String, { nullable: true }) value!: string | null;
  @Field(() => DateTime) validFrom!: Date;
  @Field(() => DateTime, { nullable: true, description: "End of validity (e.g. the number was released for recycling)." })
  validTo!: Date | null;
  @Field(() => String) source!: string;
}
