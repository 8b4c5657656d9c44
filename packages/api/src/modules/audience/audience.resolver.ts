import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection.js";
import type { Context } from "../../graphql/context.js";
import type { Purpose as PurposeValue } from "../../privacy/principal.js";
import { Purpose } from "../consent/consent.type.js";
import { CustomerConnection } from "../customer/customer.type.js";
import * as service from "./audience.service.js";
import { Audience, audienceView } from "./audience.type.js";

@Resolver(() => Audience)
export class AudienceResolver {
  @Query(() => [Audience], { description: "Audiences: a partner's own published ones under the request's purpose; every audience for staff." })
  async audiences(@Ctx() ctx: Context) {
    return (await service.listAudiences(ctx)).map(audienceView);
  }

  @Query(() => Audience, { nullable: true, description: "An audience; null when it does not exist or is not yours to read (the same answer)." })
  async audience(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    const found = await service.findAudience(ctx, id);
    return found ? audienceView(found) : null;
  }

  @Mutation(() => Audience, { description: "Publishes a segment to a partner under a purpose it holds; it goes live when a second admin approves (four eyes)." })
  async publishAudience(
    @Arg("segmentId", () => ID) segmentId: string,
    @Arg("partnerId", () => ID) partnerId: string,
    @Arg("purpose", () => Purpose) purpose: PurposeValue,
    @Ctx() ctx: Context,
  ) {
    return audienceView(await service.publishAudience(ctx, { segmentId, partnerId, purpose }));
  }

  @Mutation(() => Boolean, { description: "Withdraws an audience at once; its partner is told every member left (AUDIENCE_MEMBER_REMOVED)." })
  unpublishAudience(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return service.unpublishAudience(ctx, id);
  }

  @FieldResolver(() => CustomerConnection, {
    description: "The members you may see now (consented to the audience's purpose; for staff also within their own scope), in creation order, masked like any customer list.",
  })
  async members(@Root() audience: Audience, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return CustomerConnection.from(await service.audienceMembers(ctx, audience.source, args));
  }

  @FieldResolver(() => Int, { description: "How many members you may see now (never the segment's size)." })
  memberCount(@Root() audience: Audience, @Ctx() ctx: Context) {
    return service.audienceMemberCount(ctx, audience.source);
  }
}
