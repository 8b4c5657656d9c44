import { Arg, Args, ArgsType, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection.js";
import type { Context } from "../../graphql/context.js";
import * as duplicates from "./duplicates.service.js";
import * as merges from "./merge.service.js";
import { CustomerMerge, DuplicateCandidateConnection, ExpectedVersions, MergePreview, MergeResolutions } from "./merge.type.js";

@ArgsType()
class DuplicateCandidatesArgs extends ConnectionArgs {}

@Resolver()
export class MergeResolver {
  @Query(() => DuplicateCandidateConnection, { description: "Pairs of records the match rules say may be one customer, highest score first." })
  async duplicateCandidates(@Args(() => DuplicateCandidatesArgs) args: DuplicateCandidatesArgs, @Ctx() ctx: Context) {
    return DuplicateCandidateConnection.from(await duplicates.listDuplicateCandidates(ctx, args));
  }

  @Query(() => MergePreview, { description: "What merging `mergedId` into `survivorId` would do; writes nothing." })
  mergePreview(@Arg("survivorId", () => ID) survivorId: string, @Arg("mergedId", () => ID) mergedId: string, @Ctx() ctx: Context) {
    return merges.mergePreview(ctx, survivorId, mergedId);
  }

  @Mutation(() => CustomerMerge, { description: "Merges `mergedId` into `survivorId` in one transaction; undo with unmergeCustomers." })
  mergeCustomers(
    @Arg("survivorId", () => ID) survivorId: string,
    @Arg("mergedId", () => ID) mergedId: string,
    @Arg("expectedVersions", () => ExpectedVersions) expectedVersions: ExpectedVersions,
    @Arg("resolutions", () => MergeResolutions, { nullable: true }) resolutions: MergeResolutions | undefined,
    @Ctx() ctx: Context,
  ) {
    return merges.mergeCustomers(ctx, survivorId, mergedId, resolutions, expectedVersions);
  }

  @Mutation(() => Boolean, { description: "Marks two records as two different customers: the pair leaves the duplicate queue and later refreshes never list it again." })
  dismissDuplicate(@Arg("customerId", () => ID) customerId: string, @Arg("otherCustomerId", () => ID) otherCustomerId: string, @Ctx() ctx: Context) {
    return duplicates.dismissDuplicate(ctx, customerId, otherCustomerId);
  }

  @Mutation(() => CustomerMerge, { description: "Restores both records of a merge (rows written to the survivor since stay with it)." })
  unmergeCustomers(@Arg("mergeId", () => ID) mergeId: string, @Ctx() ctx: Context) {
    return merges.unmergeCustomers(ctx, mergeId);
  }
}
