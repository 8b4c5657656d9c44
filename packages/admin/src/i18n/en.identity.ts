import type { DuplicateReason } from "../generated/graphql";

/**
 * English messages of the duplicate queue and the merge pages (identity resolution); merged
 * into appMessages in en.ts, so zh-CN.identity.ts must translate every key here as well.
 */
export const identityResources = {
  duplicates: {
    name: "Possible duplicate |||| Possible duplicates",
    fields: { score: "Score", reasons: "Why", customerA: "Record A", customerB: "Record B" },
  },
};

export const identityMessages = {
  duplicates: {
    title: "Possible duplicate customers",
    intro: "Pairs of records the match rules say may be one person, highest score first. Only the reasons over fields you read in full are shown.",
    empty: "No possible duplicates. Run `tessera duplicates refresh` after an import.",
    count: "%{count} of %{total} pairs",
    more: "Load more",
    review: "Review",
    dismiss: "Not a duplicate",
    dismissed: "Marked as not a duplicate: the pair stays out of later refreshes.",
    reason: {
      NATIONAL_ID: "Same national id",
      PHONE: "Same mobile number",
      EMAIL: "Same email",
      NAME_BIRTH_CITY: "Same name, birth date and city",
      SIMILAR_NAME_BIRTH: "Similar name, same birth date",
    } satisfies Record<DuplicateReason, string>,
  },
  merge: {
    title: "Merge preview",
    intro: "The survivor keeps its id; the other record becomes a tombstone pointing to it. Nothing is written until you press Merge, and a merge can be undone.",
    survivor: "Survivor (kept)",
    merged: "Merged into the survivor",
    swap: "Swap survivor",
    field: "Field",
    choose: "Keep",
    conflicts: "Fields that differ",
    noConflicts: "The two records hold no different values.",
    filled: "Filled from the merged record (empty on the survivor)",
    defaultNote: "Default: %{note}",
    consents: "Consent conflicts",
    noConsentConflicts: "The two records' consents agree.",
    consentKey: "Consent",
    result: "After the merge",
    resultHelp: "The stricter state wins unless you choose; each consent event keeps its original receipt.",
    moves: "What moves to the survivor",
    rows: "%{smart_count} row |||| %{smart_count} rows",
    action: { MOVE: "moves", COMBINE: "added to the survivor's rows", KEEP: "stays" },
    table: "Data",
    warnings: "Before merging",
    acknowledgeRestriction: "I know a processing-restricted record is involved; the survivor becomes restricted too.",
    merge: "Merge",
    merged_ok: "Merged. The merged record is now a tombstone pointing to the survivor.",
    undo: "Undo merge",
    undone: "Merge undone: both records are restored.",
    stale: "One of the records was changed since this preview was loaded. Reload the preview and check your choices again.",
    reload: "Reload",
    done: "Merged %{date}",
    openSurvivor: "Open the survivor",
    empty: "(empty)",
  },
  mergedBadge: {
    label: "Merged into %{name}",
    help: "This record was merged into another customer and is kept as a tombstone: it takes no changes.",
  },
};
