import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AuditResolver, CustomerAccessLogResolver } from "../audit/audit.resolver.js";
import { CaseResolver, CustomerCasesResolver } from "../modules/case/case.resolver.js";
import { CareTaskResolver, CustomerCareTasksResolver } from "../modules/care/care.resolver.js";
import { ConsentMutationResolver, CustomerConsentResolver } from "../modules/consent/consent.resolver.js";
import { CustomerResolver } from "../modules/customer/customer.resolver.js";
import { CustomerFeedbackResolver, FeedbackMutationResolver } from "../modules/feedback/feedback.resolver.js";
import { CustomerIdentifiersResolver } from "../modules/identity/identity.resolver.js";
import { CustomerInsightResolver } from "../modules/insight/insight.resolver.js";
import { MetricsResolver } from "../modules/metrics/metrics.resolver.js";
import { SegmentResolver } from "../modules/segment/segment.resolver.js";
import { CustomerInteractionsResolver, InteractionMutationResolver } from "../modules/interaction/interaction.resolver.js";
import { CustomerSubscriptionsResolver } from "../modules/subscription/subscription.resolver.js";
import { CustomerUsageResolver } from "../modules/usage/usage.resolver.js";
import { UserResolver } from "../modules/user/user.resolver.js";
import { PartnerResolver } from "../modules/partner/partner.resolver.js";
import { DataSubjectRequestResolver } from "../modules/dsr/dsr.resolver.js";
import { RetentionResolver } from "../modules/retention/retention.resolver.js";
import { FeedResolver } from "../modules/feed/feed.resolver.js";

export const resolvers = [
  CustomerResolver,
  CustomerIdentifiersResolver,
  CustomerSubscriptionsResolver,
  CustomerUsageResolver,
  CustomerConsentResolver,
  ConsentMutationResolver,
  CustomerInteractionsResolver,
  InteractionMutationResolver,
  CustomerCasesResolver,
  CaseResolver,
  CustomerCareTasksResolver,
  CareTaskResolver,
  CustomerFeedbackResolver,
  FeedbackMutationResolver,
  CustomerInsightResolver,
  SegmentResolver,
  MetricsResolver,
  UserResolver,
  PartnerResolver,
  DataSubjectRequestResolver,
  RetentionResolver,
  AuditResolver,
  CustomerAccessLogResolver,
  FeedResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process (type-graphql metadata is global). */
export function tesseraSchema(): Promise<GraphQLSchema> {
  // No class-validator: inputs are validated by the services, where the rules live.
  built ??= buildSchema({ resolvers: [...resolvers], validate: false });
  return built;
}

/** The SDL as committed in packages/schema/schema.graphql (sorted, so diffs are stable). */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await tesseraSchema()))}\n`;
}
