import { Field, ID, Int, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { Connection } from "../../graphql/connection.js";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime, JSONObject } from "../../graphql/scalars.js";
import { Jurisdiction } from "../customer/customer.type.js";
import { dsrStatus, dsrType } from "./dsr.table.js";

export const DataSubjectRequestType = gqlEnum(dsrType, "DataSubjectRequestType", "Data-subject rights: GDPR Arts. 15–21, PIPL Arts. 44–47.");
export { Jurisdiction };
export const DataSubjectRequestStatus = gqlEnum(dsrStatus, "DataSubjectRequestStatus");

@ObjectType({ implements: Node, description: "A customer's request to exercise a data-subject right, its deadline and the evidence of what was done." })
export class DataSubjectRequest {
  @Field(() => ID) id!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => DataSubjectRequestType) type!: string;
  @Field(() => Jurisdiction) jurisdiction!: string;
  @Field(() => DataSubjectRequestStatus) status!: string;
  @Field(() => DateTime) receivedAt!: Date;
  @Field(() => DateTime, { description: "GDPR: 30 calendar days after receipt; PIPL: 15 working days." }) dueAt!: Date;
  @Field(() => String, { description: "Who recorded the request." }) requestedBy!: string;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => DateTime, { nullable: true, description: "When the request was fulfilled or rejected." }) fulfilledAt!: Date | null;
  @Field(() => String, { nullable: true, description: "Who fulfilled or rejected it." }) fulfilledBy!: string | null;
  @Field(() => String, { nullable: true, description: "Notes of the fulfilment, or the reason of the rejection." }) outcomeNotes!: string | null;
  @Field(() => JSONObject, { description: "What was done: counts, months held and until when, export size and sha256. Never personal values." })
  evidence!: Record<string, unknown>;

  @Field(() => Boolean, { description: "Still open after its due date." })
  overdue(): boolean {
    return (this.status === "RECEIVED" || this.status === "IN_PROGRESS") && this.dueAt.getTime() < Date.now();
  }
}

export const DataSubjectRequestConnection = Connection(DataSubjectRequest, "DataSubjectRequest");
export type DataSubjectRequestConnection = InstanceType<typeof DataSubjectRequestConnection>;

@ObjectType({ description: "The ACCESS export of a fulfilled request, as delivered to the customer." })
export class DataSubjectExport {
  @Field(() => ID) requestId!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => DateTime) generatedAt!: Date;
  @Field(() => String, { description: "sha256 of `document` in canonical JSON (keys sorted, no whitespace)." }) sha256!: string;
  @Field(() => Int, { description: "Size of the canonical JSON in bytes." }) sizeBytes!: number;
  @Field(() => JSONObject, { description: "Everything held about the customer, unmasked, with the access log." }) document!: Record<string, unknown>;
}
