import type { Context } from "../../graphql/context.js";
import type { FeedWriter } from "./feed.run.js";

/** The request's principal as a feed writer: its writes are audited as its own, through the request's collector. */
export function feedWriter(ctx: Context): FeedWriter {
  return { db: ctx.db, audit: ctx.audit };
}
