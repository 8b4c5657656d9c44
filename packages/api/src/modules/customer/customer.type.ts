import { ESTIMATE_FROM_ROWS, EXACT_COUNT_UP_TO } from "./customer.count.js";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { Connection } from "../../graphql/connection.js";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime, LocalDate } from "../../graphql/scalars.js";
import { legalBasesOf } from "../consent/consent.rules.js";
import { customerKind, customerStatus, gender, jurisdiction, specialCareFlag, type CustomerRow } from "./customer.table.js";

export const CustomerKind = gqlEnum(customerKind, "CustomerKind", "Individual, family, enterprise or government account.");
export const CustomerStatus = gqlEnum(customerStatus, "CustomerStatus");
export const Gender = gqlEnum(gender, "Gender");
export const Jurisdiction = gqlEnum(jurisdiction, "Jurisdiction", "The privacy law that governs the data: it sets the legal bases offered and data-subject request deadlines.");
export const SpecialCareFlag = gqlEnum(specialCareFlag, "SpecialCareFlag", "Flags that trigger home visits or simplified service.");

/**
 * The unified customer record. Personal fields are nullable: the privacy layer may withhold
 * them for a principal or purpose, and reports each withheld field in `extensions.redactions`.
 */
@ObjectType({ implements: Node, description: "A customer of the operator: profile plus everything linked to it." })
export class Customer {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: "Optimistic-locking version; pass it back as expectedVersion." }) version!: number;
  @Field(() => CustomerKind) kind!: string;
  @Field(() => CustomerStatus) status!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true, description: "Primary MSISDN, E.164." }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true, description: "18-digit PRC resident identity number (sensitive)." }) nationalId!: string | null;
  @Field(() => LocalDate, { nullable: true }) birthDate!: string | null;
  @Field(() => Gender, { nullable: true }) gender!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true, description: "Province or region." }) region!: string | null;
  @Field(() => String, { nullable: true }) occupation!: string | null;
  @Field(() => String, { nullable: true, description: "Preferred language, BCP 47." }) language!: string | null;
  @Field(() => [SpecialCareFlag], { nullable: true }) specialCare!: string[] | null;
  @Field(() => Int, { nullable: true, description: "Required security level (1 normal … 5 highest)." }) securityLevel!: number | null;
  @Field(() => String, { nullable: true }) accountManager!: string | null;
  @Field(() => Jurisdiction, { description: "The privacy law that governs this customer's data (default PIPL)." }) jurisdiction!: string;
  @Field(() => String, { nullable: true, description: "The customer's id in the operator's CRM or billing system (feeds upsert by it)." }) externalId!: string | null;
  @Field(() => Boolean, { description: "Processing restricted at the customer's request (GDPR Art. 18)." }) processingRestricted!: boolean;
  @Field(() => DateTime, { nullable: true }) erasedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: "Set when this record was merged into another: the survivor's id (this record is then a tombstone)." })
  mergedInto!: string | null;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime) updatedAt!: Date;

  @Field(() => [String], {
    description: "The legal bases recordConsent accepts for this customer: those of its jurisdiction (PIPL has no LEGITIMATE_INTEREST). Values of LegalBasis.",
  })
  legalBases(): string[] {
    return [...legalBasesOf(this.jurisdiction as CustomerRow["jurisdiction"])];
  }
}

export const CustomerConnection = Connection(Customer, "Customer", {
  totalCount: `Number of customers matching the filter, across all pages. Exact up to ${EXACT_COUNT_UP_TO.toLocaleString("en-US")}; above that, in \`customers\` read by a console user on a table of ${ESTIMATE_FROM_ROWS.toLocaleString("en-US")} customers or more, PostgreSQL's planner estimate (an approximation: it may be off either way). Partners' counts, segment and audience members are always exact.`,
});
export type CustomerConnection = InstanceType<typeof CustomerConnection>;
