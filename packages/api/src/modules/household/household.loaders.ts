import DataLoader from "dataloader";
import { groupByKey, rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import { customerCondition } from "../../privacy/scope.js";
import { selectCurrentMembers, selectCurrentMemberships, type MemberWithSubject } from "./household.queries.js";

/** The household module's per-request loaders. */
export const householdLoaders = (ctx: LoaderContext) => ({
  /**
   * Current members by household id, only those in the caller's customer scope (MATCH: listing
   * the family selects customers); one statement per tick.
   */
  visibleMembers: new DataLoader<string, MemberWithSubject[]>(async (ids) =>
    groupByKey(ids, await selectCurrentMembers(ctx.db, ids, customerCondition(ctx.policy, "MATCH")), (r) => r.householdId),
  ),
  /** The current membership of each customer (at most one row); one statement per tick. */
  currentMembershipsByCustomerId: rowsByCustomerId((ids) => selectCurrentMemberships(ctx.db, ids)),
});
