import { problem } from "@tessera/schema/problems";
import type { Database, DbOrTx } from "../../db/client.js";
import type { Context } from "../../graphql/context.js";
import type { Page, PageArgs } from "../../graphql/connection.js";
import { keysetPage } from "../../graphql/keyset.js";
import { customerCondition, declareArgumentReads, PAGE_ARGUMENT_READS } from "../../privacy/scope.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import { findCustomer } from "../customer/customer.service.js";
import { principalLabel } from "../../privacy/principal.js";
import { requireCustomer } from "../customer/customer.service.js";
import { dismissPair, refreshCandidatesOf, refreshDuplicateCandidates, selectCandidatePage, type CandidateRow } from "./duplicates.queries.js";
import { DEFAULT_MIN_SCORE, DUPLICATE_REASONS, MATCH_RULES } from "./identity.rules.js";
import type { DuplicateCandidate } from "./merge.type.js";

/** duplicateCandidates filters nothing by value: each reason is shown only to callers that read its fields (below). */
export const DUPLICATE_CANDIDATES_READS = declareArgumentReads("duplicateCandidates", PAGE_ARGUMENT_READS);

/** Re-runs the match rules over every live record (CLI `tessera duplicates refresh`, and after imports). */
export function refreshDuplicates(database: Database, minScore = DEFAULT_MIN_SCORE) {
  return refreshDuplicateCandidates(database.db, minScore);
}

/** The match rules for the records a write just touched (set-based, in the writer's transaction). */
export function refreshDuplicatesOf(tx: DbOrTx, customerIds: readonly string[], minScore = DEFAULT_MIN_SCORE) {
  return refreshCandidatesOf(tx, customerIds, minScore);
}

/**
 * Candidate pairs as this caller may see them. A match is a read of the fields it compares, so a
 * reason counts only when the caller reads all of them in full: a role that may not read phone
 * numbers does not learn that two records share one (the pair is listed only for its other
 * reasons, scored by them, or not at all).
 */
export async function listDuplicateCandidates(ctx: Context, args: PageArgs): Promise<Page<DuplicateCandidate>> {
  const visible = DUPLICATE_REASONS.filter((r) => MATCH_RULES[r].reveals.every((f) => ctx.policy.readsInFull("Customer", f)));
  return keysetPage(ctx, args, {
    list: "duplicateCandidates",
    connection: "DuplicateCandidateConnection",
    arity: 3,
    positionOf: (row: CandidateRow) => [row.score, row.customerA, row.customerB],
    fromCursor: ([score, a, b]) => (typeof score === "number" && typeof a === "string" && typeof b === "string" && isUuid(a) && isUuid(b) ? { score, a, b } : undefined),
    read: async ({ from, backward, limit }) => (visible.length ? selectCandidatePage(ctx.db, { visible, customerCondition: customerCondition(ctx.policy, "MATCH"), from, backward, limit }) : []),
    // A pair whose either record the caller cannot see is left out.
    release: (rows) =>
      Promise.all(
        rows.map(async (row) => {
          const [customerA, customerB] = [await findCustomer(ctx, row.customerA), await findCustomer(ctx, row.customerB)];
          return customerA && customerB ? ({ customerA, customerB, score: row.score, reasons: row.reasons } as unknown as DuplicateCandidate) : null;
        }),
      ),
    count: async () => {
      if (!visible.length) return 0;
      return (await selectCandidatePage(ctx.db, { visible, customerCondition: customerCondition(ctx.policy, "MATCH"), limit: 100_000 })).length;
    },
  });
}

export const DISMISS_DUPLICATE_READS = declareArgumentReads("dismissDuplicate", { customerId: [], otherCustomerId: [] });

/**
 * "Not a duplicate": the steward's decision that two records are two customers. The pair leaves the
 * queue and no later refresh (full or per write) lists it again; audited as an update of both.
 */
export async function dismissDuplicate(ctx: Context, customerId: string, otherCustomerId: string): Promise<boolean> {
  const v = new InputValidator("");
  if (!isUuid(customerId)) v.fail("customerId", problem("INVALID_ID"));
  if (!isUuid(otherCustomerId)) v.fail("otherCustomerId", problem("INVALID_ID"));
  if (!v.problems.length && customerId.toLowerCase() === otherCustomerId.toLowerCase()) v.fail("otherCustomerId", problem("MUST_DIFFER", { other: "customerId" }));
  v.done();
  await Promise.all([requireCustomer(ctx, customerId), requireCustomer(ctx, otherCustomerId)]);
  const [a, b] = [customerId.toLowerCase(), otherCustomerId.toLowerCase()].sort() as [string, string];
  await ctx.db.transaction(async (tx) => {
    await dismissPair(tx, a, b, principalLabel(ctx.principal));
    await ctx.audit.write(tx, { action: "UPDATE", customerIds: [a, b], fields: [], changes: [{ field: "duplicateOf", before: null, after: `not a duplicate of the other (${a}, ${b})` }] });
  });
  return true;
}
