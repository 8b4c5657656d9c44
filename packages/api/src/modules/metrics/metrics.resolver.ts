import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { DateTime } from "../../graphql/scalars.js";
import { metrics } from "./metrics.service.js";
import { MetricsGroupBy, MetricsRow } from "./metrics.type.js";

@Resolver()
export class MetricsResolver {
  @Query(() => [MetricsRow], { description: "NPS, CSAT, Eξ, complaint rate, SLA compliance, churn-risk distribution, consent coverage, churn and retention rates, first-response time, the root-cause ranking and survey coverage per group over [from, to) (docs/metrics.md)." })
  metrics(
    @Arg("from", () => DateTime) from: Date,
    @Arg("to", () => DateTime) to: Date,
    @Arg("groupBy", () => MetricsGroupBy) groupBy: MetricsGroupBy,
    @Arg("segmentIds", () => [ID], { nullable: true, description: `For groupBy SEGMENT: these segments (default: the first 50 stored).` }) segmentIds: string[] | undefined,
    @Ctx() ctx: Context,
  ) {
    return metrics(ctx, { from, to, groupBy, segmentIds });
  }
}
