import { PROBLEMS } from "@tessera/schema/problems";
/**
 * The database is where "one holder per identifier at a time" is enforced (the exclusion
 * constraint identifiers_no_overlap, migration 0009): a check before insert cannot hold under
 * concurrent writers. This recognises its violation, whichever driver and wrapper it comes through.
 */
export const IDENTIFIER_OVERLAP_CONSTRAINT = "identifiers_no_overlap";

interface DriverError {
  code?: string;
  constraint?: string;
  constraint_name?: string;
  cause?: unknown;
}

export function isIdentifierOverlap(error: unknown): boolean {
  for (let e = error as DriverError | undefined, depth = 0; e && depth < 5; e = e.cause as DriverError | undefined, depth++) {
    if (e.code === "23P01" && (e.constraint ?? e.constraint_name) === IDENTIFIER_OVERLAP_CONSTRAINT) return true;
  }
  return false;
}

export const IDENTIFIER_OVERLAP_MESSAGE = PROBLEMS.IDENTIFIER_OVERLAP;
