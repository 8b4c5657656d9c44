import type { ProblemCode, ProblemParams } from "@tessera/schema/problems";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { JSONObject } from "../../graphql/scalars.js";
import { IdentifierType } from "../identity/identity.type.js";

@InputType({ description: "An identifier of the customer at the record's own time (a recycled number belongs to whoever held it then)." })
export class IdentifierRefInput {
  @Field(() => IdentifierType) type!: string;
  @Field(() => String) value!: string;
}

@InputType({ description: "Which customer a feed record belongs to: exactly one of id, externalId or identifier." })
export class CustomerRefInput {
  @Field(() => ID, { nullable: true }) id?: string;
  @Field(() => String, { nullable: true, description: "The customer's id in the source system (upsertCustomers' key)." }) externalId?: string;
  @Field(() => IdentifierRefInput, { nullable: true }) identifier?: IdentifierRefInput;
}

@ObjectType()
export class FeedItemError {
  @Field(() => Int, { description: "Position of the item in the batch (0-based)." }) index!: number;
  @Field(() => String, { nullable: true }) externalId!: string | null;
  @Field(() => String, { description: "Input field at fault, e.g. customers[3].phone." }) field!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { description: "The problem's stable code (docs/import.md lists them), for a client's own wording of `message`." })
  code!: ProblemCode;
  @Field(() => JSONObject, { description: "The code's parameters (e.g. { item: 2 }), as `message` fills them in." })
  params!: ProblemParams;
}

@ObjectType({ description: "Outcome of a feed batch: good items are stored even when others are rejected; re-sending a batch changes nothing." })
export class FeedResult {
  @Field(() => Int) inserted!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int, { description: "Items identical to what is stored (or repeated in the batch where repeats are harmless)." }) unchanged!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => [FeedItemError]) errors!: FeedItemError[];
}
