import { AudienceResolver } from "../modules/audience/audience.resolver.js";
import { NodeResolver } from "../modules/node/node.resolver.js";
import { isAbstractType, lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { nodeTypeOf } from "./node.js";
import { buildSchema, getMetadataStorage } from "type-graphql";
import { guardMutations } from "../audit/audit.mutation.js";
import { AuditResolver, CustomerAccessLogResolver } from "../audit/audit.resolver.js";
import { CaseResolver, CustomerCasesResolver } from "../modules/case/case.resolver.js";
import { CareTaskResolver, CustomerCareTasksResolver } from "../modules/care/care.resolver.js";
import { ConsentMutationResolver, CustomerConsentResolver } from "../modules/consent/consent.resolver.js";
import { CustomerResolver } from "../modules/customer/customer.resolver.js";
import { CustomerFeedbackResolver, FeedbackMutationResolver } from "../modules/feedback/feedback.resolver.js";
import { CustomerIdentifiersResolver, IdentifierMutationResolver } from "../modules/identity/identity.resolver.js";
import { MergeResolver } from "../modules/identity/merge.resolver.js";
import { CustomerInsightResolver } from "../modules/insight/insight.resolver.js";
import { MetricsResolver } from "../modules/metrics/metrics.resolver.js";
import { SegmentResolver } from "../modules/segment/segment.resolver.js";
import { CustomerInteractionsResolver, InteractionMutationResolver } from "../modules/interaction/interaction.resolver.js";
import { CustomerSubscriptionsResolver } from "../modules/subscription/subscription.resolver.js";
import { CustomerUsageResolver } from "../modules/usage/usage.resolver.js";
import { UserResolver } from "../modules/user/user.resolver.js";
import { GrantResolver } from "../modules/grant/grant.resolver.js";
import { PartnerResolver } from "../modules/partner/partner.resolver.js";
import { DataSubjectRequestResolver } from "../modules/dsr/dsr.resolver.js";
import { RetentionResolver } from "../modules/retention/retention.resolver.js";
import { FeedResolver } from "../modules/feed/feed.resolver.js";
import { WebhookResolver } from "../modules/webhook/webhook.resolver.js";
import { AccountWarningResolver, CustomerKeyAccountResolver, KeyAccountResolver } from "../modules/account/account.resolver.js";
import { CustomerHouseholdResolver, HouseholdMemberResolver, HouseholdResolver } from "../modules/household/household.resolver.js";

export const resolvers = [
  CustomerResolver,
  CustomerIdentifiersResolver,
  IdentifierMutationResolver,
  MergeResolver,
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
  GrantResolver,
  PartnerResolver,
  DataSubjectRequestResolver,
  RetentionResolver,
  AuditResolver,
  CustomerAccessLogResolver,
  FeedResolver,
  WebhookResolver,
  CustomerKeyAccountResolver,
  KeyAccountResolver,
  AccountWarningResolver,
  CustomerHouseholdResolver,
  HouseholdResolver,
  HouseholdMemberResolver,
  AudienceResolver,
  NodeResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/**
 * Plain object fields (no resolver method, no middleware, no roles: Tessera uses neither) read
 * as graphql-js's default resolver reads them. Otherwise type-graphql wraps every such field in
 * a resolver of its own that only reads the same property through its middleware chain: on a
 * 360 read that is a few hundred calls per response for nothing (issue 12).
 */
function useDefaultFieldResolvers() {
  for (const field of getMetadataStorage().fields) {
    if (field.simple === undefined && !field.middlewares?.length && !field.roles && field.name === field.schemaName) field.simple = true;
  }
}

/** The executable schema, built once per process (type-graphql metadata is global). */
export function tesseraSchema(): Promise<GraphQLSchema> {
  // No class-validator: inputs are validated by the services, where the rules live.
  // Every mutation is audited in its own transaction or not done (audit/audit.mutation.ts).
  built ??= (useDefaultFieldResolvers(), buildSchema({ resolvers: [...resolvers], validate: false }).then(guardMutations).then(synchronousTypeResolvers));
  return built;
}

/** Abstract types and how each resolves its runtime type without a promise. */
const TYPE_RESOLVERS: Readonly<Record<string, (value: unknown) => string | undefined>> = { Node: nodeTypeOf };

/**
 * graphql-jit (graphql/executor.ts) resolves an abstract type's runtime type synchronously, and
 * type-graphql wraps every `resolveType` in an async function. Each abstract type gets its own
 * synchronous resolver back; a new interface or union without one stops the build here.
 */
function synchronousTypeResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isAbstractType(type) || type.name.startsWith("__")) continue;
    const resolve = TYPE_RESOLVERS[type.name];
    if (!resolve) throw new Error(`Abstract type ${type.name} needs a synchronous type resolver in TYPE_RESOLVERS (graphql/schema.ts)`);
    type.resolveType = resolve;
  }
  return schema;
}

/** The first line of the committed SDL: it is generated, so edits go to the resolvers instead. */
export const SDL_HEADER = "# Generated by `pnpm tessera schema` from the API's resolvers: do not edit.";

/** The SDL as committed in packages/schema/schema.graphql (sorted, so diffs are stable). */
export async function schemaSdl(): Promise<string> {
  return `${SDL_HEADER}\n${printSchema(lexicographicSortSchema(await tesseraSchema()))}\n`;
}
