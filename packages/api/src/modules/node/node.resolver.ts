import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { Node } from "../../graphql/node.js";
import { findNode } from "./node.service.js";

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its id (Relay): as its own query answers it; null when missing or not visible to you." })
  node(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return findNode(ctx, id);
  }
}
