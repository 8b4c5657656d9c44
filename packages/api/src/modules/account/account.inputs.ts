import { Field, ID, InputType } from "type-graphql";
import { BilledService } from "../usage/usage.type.js";
import { KeyAccountTier } from "./account.type.js";

@InputType({ description: "A key account's tier and dossier; every field is replaced (absent: cleared)." })
export class KeyAccountInput {
  @Field(() => ID) customerId!: string;
  @Field(() => KeyAccountTier) tier!: string;
  @Field(() => ID, { nullable: true, description: "The group (a key account without a group) this account is a branch of." }) groupId?: string | null;
  @Field(() => String, { nullable: true }) networkStructure?: string | null;
  @Field(() => String, { nullable: true }) equipment?: string | null;
  @Field(() => [String], { nullable: true }) sites?: string[] | null;
  @Field(() => String, { nullable: true }) technicalContactName?: string | null;
  @Field(() => String, { nullable: true }) technicalContactPhone?: string | null;
  @Field(() => [BilledService], { nullable: true }) productsHeld?: string[] | null;
}
