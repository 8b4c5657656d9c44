import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { partnerLoaders } from "./partner.loaders.js";
import type { Context } from "../../graphql/context.js";
import { Purpose } from "../consent/consent.type.js";
import { selectPartners } from "./partner.queries.js";
import * as grants from "../grant/grant.service.js";
import * as service from "./partner.service.js";
import { ApiKey, IssuedApiKey, PartnerApp, PartnerCapability } from "./partner.type.js";

@Resolver(() => PartnerApp)
export class PartnerResolver {
  @Query(() => [PartnerApp])
  partnerApps(@Ctx() ctx: Context) {
    return selectPartners(ctx.db);
  }

  @FieldResolver(() => [ApiKey])
  apiKeys(@Root() partner: PartnerApp, @Ctx() ctx: Context) {
    return ctx.loaders.of(partnerLoaders, ctx).apiKeysByPartnerId.load(partner.id);
  }

  @Mutation(() => PartnerApp, { description: "Creates a partner app; it awaits a second admin's approval (pendingGrants) before its keys work." })
  createPartnerApp(
    @Arg("name", () => String) name: string,
    @Arg("purposes", () => [Purpose]) purposes: string[],
    @Arg("fields", () => [String]) fields: string[],
    @Ctx() ctx: Context,
    @Arg("capabilities", () => [PartnerCapability], { nullable: true, description: "INTEGRATION: a feeding system that may call the feed mutations; OPEN_CASE, LOG_INTERACTION, SUBMIT_FEEDBACK, RECORD_CONSENT: a channel app that may call that mutation." }) capabilities?: string[],
  ) {
    return grants.createPartnerRequest(ctx, { name, purposes, fields, capabilities });
  }

  @Mutation(() => PartnerApp, {
    description: "Replaces a partner app's purposes, fields and capabilities. Anything it adds waits for a second admin (pendingGrants); removals apply at once. The answer is the app as it is now.",
  })
  updatePartnerApp(
    @Arg("id", () => ID) id: string,
    @Arg("purposes", () => [Purpose]) purposes: string[],
    @Arg("fields", () => [String]) fields: string[],
    @Arg("capabilities", () => [PartnerCapability]) capabilities: string[],
    @Ctx() ctx: Context,
  ) {
    return grants.updatePartnerRequest(ctx, id, { purposes, fields, capabilities });
  }

  @Mutation(() => IssuedApiKey)
  async createApiKey(@Arg("partnerId", () => ID) partnerId: string, @Ctx() ctx: Context) {
    const { key, row } = await service.issueKey(ctx.db, partnerId, ctx.audit);
    return { key, apiKey: row };
  }

  @Mutation(() => ApiKey)
  revokeApiKey(@Arg("keyId", () => String) keyId: string, @Ctx() ctx: Context) {
    return service.revokeApiKey(ctx.db, keyId, ctx.audit);
  }
}
