import type { Context } from "../../graphql/context.js";
import type { FeedWriter } from "./feed.run.js";

/** The request's principal as a feed writer: its writes are audited as its own. */
export function feedWriter(ctx: Context): FeedWriter {
  return { db: ctx.db, actor: ctx.audit.actor, operation: ctx.audit.operation };
}
