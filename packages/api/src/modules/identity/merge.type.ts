import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Connection } from "../../graphql/connection.js";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime } from "../../graphql/scalars.js";
import { Customer } from "../customer/customer.type.js";
import { DUPLICATE_REASONS, MERGEABLE_FIELDS } from "./identity.rules.js";
import { mergeStatus } from "./merge.table.js";

export const DuplicateReason = gqlEnum({ enumValues: DUPLICATE_REASONS }, "DuplicateReason", "Why two records look like one person (see identity.rules.ts).");
export const MergeableField = gqlEnum({ enumValues: MERGEABLE_FIELDS }, "MergeableField", "A profile field a merge resolves.");
export const MergeStatus = gqlEnum(mergeStatus, "MergeStatus");
export const MergeChoice = gqlEnum({ enumValues: ["SURVIVOR", "MERGED"] as const }, "MergeChoice", "Which record's value the merged profile keeps.");

@ObjectType({ description: "Two records that the match rules say may be one customer." })
export class DuplicateCandidate {
  @Field(() => Customer) customerA!: Customer;
  @Field(() => Customer) customerB!: Customer;
  @Field(() => Int, { description: "0–100, from the reasons you may see." }) score!: number;
  @Field(() => [DuplicateReason], { description: "Only reasons over fields you read in full." }) reasons!: string[];
}

export const DuplicateCandidateConnection = Connection(DuplicateCandidate, "DuplicateCandidate");

@ObjectType({ description: "A profile field both records hold with different values. Values are shown as the caller may read them." })
export class FieldConflict {
  @Field(() => MergeableField) field!: string;
  @Field(() => String, { nullable: true }) survivorValue!: string | null;
  @Field(() => String, { nullable: true }) mergedValue!: string | null;
  @Field(() => MergeChoice, { description: "What the merge keeps unless resolved otherwise." }) defaultChoice!: string;
  @Field(() => String, { nullable: true, description: "Set when the default is neither value as is (special care is united, the higher security level wins)." })
  defaultNote!: string | null;
}

@ObjectType({ description: "How many rows of one kind move from the merged record to the survivor." })
export class MoveCount {
  @Field(() => String, { description: "Table name, e.g. interactions." }) table!: string;
  @Field(() => Int) rows!: number;
  @Field(() => String, { description: "MOVE, COMBINE (rows of the same key are added together) or KEEP." }) action!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType({ description: "A consent key on which the two records' current states differ." })
export class ConsentConflict {
  @Field(() => String) purpose!: string;
  @Field(() => String, { nullable: true }) channel!: string | null;
  @Field(() => ID, { nullable: true }) partnerId!: string | null;
  @Field(() => String) survivorStatus!: string;
  @Field(() => String) mergedStatus!: string;
  @Field(() => String, { description: "The state the survivor will hold: the stricter one unless the steward chooses." }) resultStatus!: string;
}

@ObjectType({ description: "What merging two records would do; nothing is written." })
export class MergePreview {
  @Field(() => Customer) survivor!: Customer;
  @Field(() => Customer) merged!: Customer;
  @Field(() => [FieldConflict]) conflicts!: FieldConflict[];
  @Field(() => [MergeableField], { description: "Fields empty on the survivor that the merged record fills." }) filled!: string[];
  @Field(() => [MoveCount]) moves!: MoveCount[];
  @Field(() => [ConsentConflict]) consentConflicts!: ConsentConflict[];
  @Field(() => [String], { description: "What must be acknowledged before merging (e.g. a restricted record)." }) warnings!: string[];
}

@InputType({ description: "A steward's choice for one conflicting field." })
export class FieldResolution {
  @Field(() => MergeableField) field!: string;
  @Field(() => MergeChoice) choose!: string;
}

@InputType({ description: "A steward's choice for one consent conflict (default: the stricter state)." })
export class ConsentResolution {
  @Field(() => String) purpose!: string;
  @Field(() => String, { nullable: true }) channel?: string | null;
  @Field(() => ID, { nullable: true }) partnerId?: string | null;
  @Field(() => MergeChoice) choose!: string;
}

@InputType()
export class MergeResolutions {
  @Field(() => [FieldResolution], { nullable: true }) fields?: FieldResolution[];
  @Field(() => [ConsentResolution], { nullable: true }) consents?: ConsentResolution[];
  @Field(() => Boolean, { nullable: true, description: "Required to merge a processing-restricted record." }) acknowledgeRestriction?: boolean;
}

@InputType()
export class ExpectedVersions {
  @Field(() => Int) survivor!: number;
  @Field(() => Int) merged!: number;
}

@ObjectType({ description: "A merge of two customer records; undo it with unmergeCustomers." })
export class CustomerMerge {
  @Field(() => ID) id!: string;
  @Field(() => ID) survivorId!: string;
  @Field(() => ID) mergedId!: string;
  @Field(() => MergeStatus) status!: string;
  @Field(() => String) mergedBy!: string;
  @Field(() => DateTime) mergedAt!: Date;
  @Field(() => String, { nullable: true }) undoneBy!: string | null;
  @Field(() => DateTime, { nullable: true }) undoneAt!: Date | null;
  @Field(() => [MoveCount], { description: "Rows moved (or moved back by the undo)." }) moves!: MoveCount[];
}
