import { Field, InputType, Int, registerEnumType } from "type-graphql";
import { LocalDate } from "../../graphql/scalars.js";
import { OrderDirection } from "../../graphql/order.js";
import { CustomerKind, CustomerStatus, Gender, Jurisdiction, SpecialCareFlag } from "./customer.type.js";
import { ChurnLevel, LifecycleStage, ValueTier } from "../insight/insight.type.js";

/** Fields shared by create and update; on update an absent field is left unchanged and null clears it. */
@InputType()
abstract class CustomerFields {
  @Field(() => CustomerStatus, { nullable: true }) status?: string;
  @Field(() => String, { nullable: true, description: "Mobile number; normalised to E.164 (+86…)." }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true, description: "18-digit national id with a valid check digit." }) nationalId?: string | null;
  @Field(() => LocalDate, { nullable: true }) birthDate?: string | null;
  @Field(() => Gender, { nullable: true }) gender?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => String, { nullable: true }) occupation?: string | null;
  @Field(() => String, { nullable: true }) language?: string;
  @Field(() => [SpecialCareFlag], { nullable: true }) specialCare?: string[];
  @Field(() => Int, { nullable: true }) securityLevel?: number;
  @Field(() => String, { nullable: true }) accountManager?: string | null;
  @Field(() => Jurisdiction, { nullable: true, description: "The privacy law that governs the data (default PIPL)." }) jurisdiction?: string;
}

@InputType()
export class CreateCustomerInput extends CustomerFields {
  @Field(() => CustomerKind) kind!: string;
  @Field(() => String) name!: string;
}

@InputType()
export class UpdateCustomerInput extends CustomerFields {
  @Field(() => CustomerKind, { nullable: true }) kind?: string;
  @Field(() => String, { nullable: true }) name?: string;
}

@InputType({ description: "Customer list filter; conditions combine with AND, list values with OR." })
export class CustomerFilter {
  @Field(() => [CustomerKind], { nullable: true }) kind?: string[];
  @Field(() => [CustomerStatus], { nullable: true }) status?: string[];
  @Field(() => [String], { nullable: true }) region?: string[];
  @Field(() => String, { nullable: true, description: "Matches name, phone or email (substring, case-insensitive); a number typed with spaces, dashes, dots or parentheses matches the phone by its digits." })
  search?: string;
  @Field(() => [ValueTier], { nullable: true, description: "Stored insight: value tier." }) valueTier?: string[];
  @Field(() => [LifecycleStage], { nullable: true, description: "Stored insight: lifecycle stage." }) lifecycleStage?: string[];
  @Field(() => [ChurnLevel], { nullable: true, description: "Stored insight: churn risk level." }) churnLevel?: string[];
  @Field(() => [String], { nullable: true, description: "Account manager (staff username), any of these; needs read access to Customer.accountManager." }) accountManager?: string[];
}

export enum CustomerOrderField {
  CREATED_AT = "CREATED_AT",
  UPDATED_AT = "UPDATED_AT",
  NAME = "NAME",
  /** Stored insight, LOW → HIGH ascending; customers without insight come first ascending. */
  VALUE_TIER = "VALUE_TIER",
  /** Stored insight, the churn score 0–100; customers without insight come first ascending. */
  CHURN_SCORE = "CHURN_SCORE",
  /** Stored insight, in lifecycle order PROSPECT → REACTIVATED; customers without insight come first ascending. */
  LIFECYCLE_STAGE = "LIFECYCLE_STAGE",
}
registerEnumType(CustomerOrderField, { name: "CustomerOrderField" });

@InputType()
export class CustomerOrder {
  @Field(() => CustomerOrderField) field!: CustomerOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
}

@InputType({ description: "A customer from the operator's CRM or billing system; upserted by externalId. Absent fields are left as stored." })
export class CustomerFeedInput extends CustomerFields {
  @Field(() => String, { description: "The customer's id in the source system: the natural key." }) externalId!: string;
  @Field(() => CustomerKind, { nullable: true, description: "Required for a new customer." }) kind?: string;
  @Field(() => String, { nullable: true, description: "Required for a new customer." }) name?: string;
}
