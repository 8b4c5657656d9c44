import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { CaseCategory } from "../case/case.type.js";
import { Purpose } from "../consent/consent.type.js";

export enum MetricsGroupBy {
  MONTH = "MONTH",
  REGION = "REGION",
  CHANNEL = "CHANNEL",
  TIER = "TIER",
  SEGMENT = "SEGMENT",
  CITY = "CITY",
  ASPECT = "ASPECT",
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
    CITY: { description: "Customer's city (UNKNOWN when not recorded)." },
    ASPECT: {
      description:
        "What each event is about: NETWORK, SERVICE, PRODUCT, PRICE or OVERALL. Feedback by its aspect; cases, their complaints and contacts by their category's aspect (NETWORK_QUALITY → NETWORK, SERVICE_ATTITUDE and PROCESS → SERVICE, PRODUCT_PRICE → PRODUCT, BILLING → PRICE, OTHER → OVERALL); a complaint or contact without a case is OVERALL. Customers are those who gave feedback on the aspect or opened a case of it in the window.",
    },
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

@ObjectType({ description: "How many complaints of a group were recorded under one root-cause family (the case category)." })
export class RootCauseCount {
  @Field(() => CaseCategory) cause!: string;
  @Field(() => Int) complaints!: number;
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
  @Field(() => Int, {
    description:
      "Customers of the group active at the start of the window: a month with calls or a bill among the 3 calendar months before the window's first month (not churned by the lifecycle rule). For MONTH, per month.",
  })
  activeAtStart!: number;
  @Field(() => Int, {
    description:
      "Of activeAtStart, those churned by the window's end: no calls and no bill in each of the 3 calendar months up to the window's last month (or the current month, if earlier) — the lifecycle's passive-churn rule. A customer back by then is not counted.",
  })
  churned!: number;
  @Field(() => Float, { nullable: true, description: "Churn rate: 100 × churned ÷ activeAtStart, percent, 1 decimal; null when nobody was active at the start." })
  churnRate!: number | null;
  @Field(() => Float, { nullable: true, description: "Retention rate: 100 − churnRate (the share of activeAtStart not churned), percent, 1 decimal." })
  retentionRate!: number | null;
  @Field(() => Int, { description: "Cases opened in the window that have had their first response." }) firstResponses!: number;
  @Field(() => Float, { nullable: true, description: "Mean hours from a case's opening to its first response, over firstResponses, 2 decimals." })
  firstResponseMeanHours!: number | null;
  @Field(() => Float, { nullable: true, description: "Median hours from a case's opening to its first response, over firstResponses, 2 decimals." })
  firstResponseMedianHours!: number | null;
  @Field(() => [RootCauseCount], {
    description:
      "Complaints in the window recorded under a case, by the case's category (its root-cause family), most complaints first (ties in CaseCategory order); a complaint contact without a case has no root cause and is left out.",
  })
  rootCauses!: RootCauseCount[];
  @Field(() => Int, { description: "Service contacts in the window (interactions of type CONSULTATION, COMPLAINT, FAULT_REPORT, TRANSACTION, COMPLIMENT)." })
  contacts!: number;
  @Field(() => Int, { description: "Of contacts, those with a satisfaction answer (feedback linked to the contact or to its case)." }) contactsSurveyed!: number;
  @Field(() => Float, { nullable: true, description: "Survey coverage: 100 × contactsSurveyed ÷ contacts, percent, 1 decimal (per channel with groupBy CHANNEL)." })
  surveyCoverage!: number | null;
}
