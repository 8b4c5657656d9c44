/**
 * `customers { totalCount }` is exact up to this many rows; above, a console user gets the planner's
 * estimate (customer.queries.ts countCustomersUpTo). Counting a million rows exactly reads a million
 * rows on every page of the console list; telling 10,000 from 10,001 is what a reader needs exactly.
 */
export const EXACT_COUNT_UP_TO = 10_000;
