/**
 * `customers { totalCount }` is exact up to this many rows; above, a console user gets the planner's
 * estimate (customer.queries.ts countCustomersUpTo). An exact count of 620k matching rows of 1M took
 * 480 ms, a count capped at 10,001 rows 21 ms (docs/benchmarks.md): a reader needs the exact size
 * of a short list, not whether a long one holds 612,345 or 614,000.
 */
export const EXACT_COUNT_UP_TO = 1_000;

/**
 * Above the cap, counts are estimated only on a customers table at least this large by its last
 * ANALYZE: a small table is counted exactly (cheap), and one without statistics (PGlite has no
 * autovacuum) would give an estimate that is no count at all.
 */
export const ESTIMATE_FROM_ROWS = 100_000;

/** How long one condition's planner estimate is reused (statistics change with ANALYZE, not per request). */
export const ESTIMATE_KEPT_MS = 30_000;
