import { Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import * as service from "./retention.service.js";
import { RetentionPolicy, RetentionStep } from "./retention.type.js";

@Resolver()
export class RetentionResolver {
  @Query(() => [RetentionPolicy], { description: "Retention periods per catalog retention key." })
  retentionPolicies(@Ctx() ctx: Context) {
    return service.listRetentionPolicies(ctx.db);
  }

  @Query(() => [RetentionStep], { description: "What `tessera retention run --apply` would do now (changes nothing)." })
  retentionPreview(@Ctx() ctx: Context) {
    return service.previewRetention(ctx.db);
  }
}
