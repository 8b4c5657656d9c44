import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import * as service from "./grant.service.js";
import { GrantRequest } from "./grant.type.js";

@Resolver()
export class GrantResolver {
  @Query(() => [GrantRequest], { description: "Grant requests waiting for a second admin, oldest first." })
  pendingGrants(@Ctx() ctx: Context) {
    return service.pendingGrants(ctx);
  }

  @Mutation(() => GrantRequest, { description: "Approves and applies a grant request; FORBIDDEN for the admin who asked for it." })
  approveGrant(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return service.approveGrant(ctx, id);
  }

  @Mutation(() => GrantRequest, { description: "Rejects a grant request; FORBIDDEN for the admin who asked for it." })
  rejectGrant(@Arg("id", () => ID) id: string, @Ctx() ctx: Context, @Arg("reason", () => String, { nullable: true }) reason?: string | null) {
    return service.rejectGrant(ctx, id, reason ?? null);
  }
}
