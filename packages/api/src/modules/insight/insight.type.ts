import { Field, Float, Int, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime, JSONObject } from "../../graphql/scalars.js";
import { CHURN_REASON_CODES } from "./insight.config.js";
import type { ChurnReason as ChurnReasonValue, ChurnLevel as ChurnLevelValue, LifecycleStage as StageValue, ValueTier as TierValue } from "./insight.formulas.js";
import { churnLevel, lifecycleStage, valueTier } from "./insight.table.js";

export const ValueTier = gqlEnum(valueTier, "ValueTier", "Value tier from ARPU and tenure (default: HIGH ≥ ¥500/month, MEDIUM ≥ ¥100).");
export const LifecycleStage = gqlEnum(lifecycleStage, "LifecycleStage", "Where the customer is in the lifecycle: prospect → new → growing → stable → at risk → churned → reactivated.");
export const ChurnLevel = gqlEnum(churnLevel, "ChurnLevel", "Churn risk level: HIGH from score 60, MEDIUM from 30.");
export const ChurnReasonCode = gqlEnum(
  { enumValues: CHURN_REASON_CODES },
  "ChurnReasonCode",
  "Why a customer may leave; each reason carries its evidence (see ChurnReason.evidence).",
);

@ObjectType({ description: "One reason behind a churn risk score, with the facts that triggered it." })
export class ChurnReason {
  @Field(() => ChurnReasonCode) code!: string;
  @Field(() => Int, { description: "Points this reason adds to the score." }) points!: number;
  @Field(() => JSONObject, {
    description:
      "BILL_DROP {from, to, pct}; SERVICE_DROP {service, from, to, pct} (usage; with measure FEE: the service's fee in CNY); ZERO_CALL_MONTH {month}; RECENT_COMPLAINTS {count, days}; " +
      "DETRACTOR {nps}; LOW_CSAT {csat}; CONTRACT_ENDING {contractEnd, days}; ARREARS {amount}.",
  })
  evidence!: Record<string, unknown>;
}

/** Shown or withheld whole, as the catalog field Insight.churnRisk. */
@ObjectType({ description: "Churn risk: score 0–100 (sum of the reasons' points, capped), level and reasons." })
export class ChurnRisk {
  @Field(() => Int) score!: number;
  @Field(() => ChurnLevel) level!: string;
  @Field(() => [ChurnReason], { description: "Largest contribution first." }) reasons!: ChurnReason[];
}

@ObjectType({ description: "Derived insight about a customer (value, lifecycle, churn risk, satisfaction), refreshed when its inputs change." })
export class Insight {
  @Field(() => Float, { nullable: true, description: "Mean monthly bill of the last 3 billed months, ¥." }) arpu!: number | null;
  @Field(() => Int, { nullable: true, description: "Whole months since the customer first subscribed." }) tenureMonths!: number | null;
  @Field(() => Float, { nullable: true, description: "ARPU × gross margin × expected remaining lifetime (1 / monthly churn probability), ¥." })
  clv!: number | null;
  @Field(() => ValueTier, { nullable: true }) valueTier!: TierValue | null;
  @Field(() => LifecycleStage, { nullable: true }) lifecycleStage!: StageValue | null;
  @Field(() => ChurnRisk, { nullable: true }) churnRisk!: ChurnRisk | null;
  @Field(() => Int, { nullable: true, description: "Latest NPS answer (0–10)." }) nps!: number | null;
  @Field(() => Int, { nullable: true, description: "Latest CSAT answer (1–5)." }) csat!: number | null;
  @Field(() => DateTime, { description: "When this insight was computed." }) computedAt!: Date;
}

/** The stored row in the shape of the GraphQL types (before the policy masks it). */
export interface InsightShape {
  arpu: number | null;
  tenureMonths: number | null;
  clv: number | null;
  valueTier: TierValue | null;
  lifecycleStage: StageValue | null;
  churnRisk: { score: number; level: ChurnLevelValue; reasons: ChurnReasonValue[] } | null;
  nps: number | null;
  csat: number | null;
  computedAt: Date;
}
