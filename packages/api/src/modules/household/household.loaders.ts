import DataLoader from "dataloader";
import { groupByKey } from "../../graphql/batch.js";
import type { LoaderContext } from "../../graphql/loaders.js";
import { customerCondition } from "../../privacy/scope.js";
import { selectCurrentMembers, type MemberWithSubject } from "./household.queries.js";

/** The household module's per-request loaders. */
export const householdLoaders = (ctx: LoaderContext) => ({
  /**
   * Current members by household id, only those in the caller's customer scope (MATCH: listing
   * the family selects customers); one statement per tick.
   */
  visibleMembers: new DataLoader<string, MemberWithSubject[]>(async (ids) =>
    groupByKey(ids, await selectCurrentMembers(ctx.db, ids, customerCondition(ctx.policy, "MATCH")), (r) => r.householdId),
  ),
});
