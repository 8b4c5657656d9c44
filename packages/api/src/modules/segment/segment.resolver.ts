import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection.js";
import type { Context } from "../../graphql/context.js";
import { CustomerConnection } from "../customer/customer.type.js";
import { SegmentFilter } from "./segment.inputs.js";
import * as service from "./segment.service.js";
import type { SegmentRow } from "./segment.table.js";
import { Segment, SegmentConnection } from "./segment.type.js";

@Resolver(() => Segment)
export class SegmentResolver {
  @Query(() => SegmentConnection, { description: "Stored segments, newest first." })
  async segments(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return SegmentConnection.from(await service.listSegments(ctx, args));
  }

  @Query(() => Segment, { nullable: true })
  segment(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return service.findSegment(ctx, id);
  }

  @Mutation(() => Segment, { description: "Stores a segment and counts its members; filtering on a field you do not read in full is FORBIDDEN." })
  createSegment(@Arg("name", () => String) name: string, @Arg("definition", () => SegmentFilter) definition: SegmentFilter, @Ctx() ctx: Context) {
    return service.createSegment(ctx, name, definition);
  }

  @Mutation(() => Segment, { description: "Recounts the members of a segment now." })
  refreshSegment(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return service.refreshSegment(ctx, id);
  }

  @Mutation(() => Boolean)
  deleteSegment(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return service.deleteSegment(ctx, id);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: "Members at the last refresh (creation or refreshSegment); null (MASKED_BY_ROLE) when you may not filter on every field of the definition: a count over a filter reveals the filtered fields.",
  })
  memberCount(@Root() segment: SegmentRow, @Ctx() ctx: Context) {
    return service.visibleMemberCount(ctx, segment);
  }

  @FieldResolver(() => CustomerConnection, { description: "The customers matching the definition now, in creation order, masked like any customer list." })
  async members(@Root() segment: SegmentRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return CustomerConnection.from(await service.segmentMembers(ctx, segment, args));
  }
}
