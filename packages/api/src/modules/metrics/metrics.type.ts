import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { Purpose } from "../consent/consent.type.js";

export enum MetricsGroupBy {
  MONTH = "MONTH",
  REGION = "REGION",
  CHANNEL = "CHANNEL",
  TIER = "TIER",
  SEGMENT = "SEGMENT",
}
registerEnumType(MetricsGroupBy, {
  name: "MetricsGroupBy",
  description: "How metrics are grouped; see MetricsRow.customers for who each group counts.",
  valuesConfig: {
    MONTH: { description: "Calendar month (UTC) of each event; customers are those billed in the month." },
    REGION: { description: "Customer's region (UNKNOWN when not recorded)." },
    CHANNEL: { description: "Channel of each event; customers are those in contact through the channel in the window." },
    TIER: { description: "Customer's current value tier." },
    SEGMENT: { description: "Stored segment (members now); a customer counts in every segment it belongs to." },
  },
});

@ObjectType({ description: "Customers of a group by current churn risk level." })
export class ChurnRiskDistribution {
  @Field(() => Int) low!: number;
  @Field(() => Int) medium!: number;
  @Field(() => Int) high!: number;
}

@ObjectType({ description: "Share of the group's customers with a current, effective consent for a purpose." })
export class ConsentCoverage {
  @Field(() => Purpose) purpose!: string;
  @Field(() => Float, { description: "Percent, 1 decimal." }) pct!: number;
}

@ObjectType({ description: "Service and satisfaction metrics of one group over the window [from, to)." })
export class MetricsRow {
  @Field(() => String, { description: "Month YYYY-MM, region, channel, tier or segment id." }) key!: string;
  @Field(() => String, { description: "Human-readable key (the segment's name for SEGMENT)." }) label!: string;
  @Field(() => Int, { description: "Customers in the group (processing-restricted customers are left out of analytics)." }) customers!: number;
  @Field(() => Float, { nullable: true, description: "% promoters (9–10) − % detractors (0–6) of NPS answers in the window." }) nps!: number | null;
  @Field(() => Int) npsResponses!: number;
  @Field(() => Float, { nullable: true, description: "% of CSAT answers at 4–5 in the window." }) csat!: number | null;
  @Field(() => Int) csatResponses!: number;
  @Field(() => Float, { nullable: true, description: "Eξ = Σ i·Pᵢ over the CSAT answers (1–5) in the window." }) satisfactionExpectation!: number | null;
  @Field(() => Int, { description: "Complaints in the window (complaint contacts and directly opened complaint cases)." }) complaints!: number;
  @Field(() => Float, { nullable: true, description: "Complaints per 1,000 customers of the group." }) complaintRatePer1000!: number | null;
  @Field(() => Int, { description: "Cases whose due time fell in the window (and has passed)." }) casesDue!: number;
  @Field(() => Float, { nullable: true, description: "% of the cases due that were resolved by their due time." }) slaCompliance!: number | null;
  @Field(() => ChurnRiskDistribution) churnRiskDistribution!: ChurnRiskDistribution;
  @Field(() => [ConsentCoverage], { description: "Every purpose, in the Purpose enum's order." }) consentCoverage!: ConsentCoverage[];
}
