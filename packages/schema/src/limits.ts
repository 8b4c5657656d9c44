/**
 * Input limits the API enforces (its validators read them from here) and the console's forms
 * check before sending: one home, so a form and the API never disagree about a length.
 * Lengths are in characters.
 */
export const FIELD_LIMITS = {
  Customer: { name: 200, address: 300, city: 300, region: 300, occupation: 300, accountManager: 300 },
  Interaction: { summary: 4000, agent: 200, outcome: 500, externalId: 200 },
  Case: { subject: 300, note: 2000, resolution: 2000, rootCause: 500, owner: 100 },
  Consent: { policyVersion: 64, notice: 2000 },
  DataSubjectRequest: { notes: 2000, reason: 2000 },
  AccountWarning: { note: 2000 },
  PartnerApp: { name: 100 },
  Segment: { name: 200 },
  /** Not a length: how far ahead a care task may be snoozed, in days. */
  CareTask: { maxSnoozeDays: 90 },
} as const;

/** Not a length limit but its floor: the shortest password the API accepts (new, reset or changed). */
export const PASSWORD_MIN_LENGTH = 10;
