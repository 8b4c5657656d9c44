/**
 * The problems the API reports about input (a form field, a feed item, an imported row) as a
 * stable code with parameters, beside the English sentence API clients have always read.
 *
 * One home for both ends: the API builds its messages from these templates (`problem()`), the
 * console translates the code with the same parameters (`tessera.problems.<CODE>` in its message
 * files, typed against `ProblemCode`, so a code without a Chinese text fails the typecheck), and
 * the console's Chinese scan reads the templates to recognise English server text on a page.
 * Placeholders are polyglot's `%{name}`. Codes are relied on by clients (rejects files, the
 * `code` of a problem): add new ones, never rename. docs/import.md lists them.
 */
export const PROBLEMS = {
  // Any input
  REQUIRED: "is required",
  EMPTY: "must not be empty",
  TOO_SHORT: "must be at least %{min} characters",
  TOO_LONG: "must be at most %{max} characters",
  NOT_ONE_OF: '"%{value}" is not one of %{allowed}',
  NOT_A_NUMBER_IN_RANGE: "must be a number from %{min} to %{max}",
  NOT_AN_INTEGER_IN_RANGE: "must be an integer from %{min} to %{max}",
  INVALID_DATE: "is not a valid date",
  IN_FUTURE: "must not be in the future",
  BEFORE: "must not be before %{date}",
  INVALID_ID: "is not a valid id",
  INVALID_MSISDN: '"%{value}" is not a valid mobile number (expected +86 1[3-9]XXXXXXXXX or E.164)',
  INVALID_EMAIL: '"%{value}" is not a valid email address',
  NATIONAL_ID_FORMAT: "must be 18 characters: 17 digits and a check digit (0-9 or X)",
  NATIONAL_ID_CHECK_DIGIT: "has a wrong check digit (ISO 7064 MOD 11-2)",
  NOT_AFTER: "must be after %{other}",
  // Files (tessera import and the console's import page)
  NOT_UTF8: "is not valid UTF-8",
  NOT_JSON_OBJECT: "is not a JSON object",
  INVALID_JSON: "is not valid JSON (%{detail})",
  MALFORMED_CSV: "%{detail}",
  CELL_NOT_NUMBER: '"%{value}" is not a number',
  CELL_NOT_BOOLEAN: '"%{value}" is not true or false',
  CELL_NOT_JSON: "is not valid JSON",
  CELL_NOT_DATE_TIME: '"%{value}" is not a date-time (ISO 8601)',
  NOT_A_DAY: '"%{value}" is not a date YYYY-MM-DD',
  NOT_A_MONTH: "must be a month YYYY-MM",
  // Feeds: references and keys
  CUSTOMER_REF_MISSING: "is required: give id, externalId or identifier",
  CUSTOMER_REF_AMBIGUOUS: "give exactly one of id, externalId or identifier",
  IDENTIFIER_TYPE_UNKNOWN: "must be one of %{allowed}",
  IDENTIFIER_INVALID: '"%{value}" is not a valid %{type}',
  NO_SUCH_CUSTOMER: "no such customer",
  NO_CUSTOMER_WITH_IDENTIFIER: "no customer held %{type} %{value} at %{at}",
  CUSTOMER_ERASED: "the customer is erased and takes no new data",
  DUPLICATE_KEY: "repeats the key of line %{line}",
  DUPLICATE_KEY_IN_BATCH: "repeats the key of item %{item} of this batch",
  REQUIRED_FOR_NEW_CUSTOMER: "is required for a new customer",
  REQUIRED_FOR_NEW_PLAN: "is required for a new plan",
  REQUIRED_FOR_NEW_SUBSCRIPTION: "is required for a new subscription",
  CONTACT_TAKEN: "is the current %{what} of another customer",
  UNKNOWN_PLAN: 'no plan has the code "%{code}"',
  NO_SERVICES: "must name at least one service",
  SERVICE_TWICE: "%{service} is given twice",
  VALID_FROM_REQUIRED: "is required: the window's start (a date-time)",
  IDENTIFIER_OVERLAP: "The identifier is held by another record for an overlapping period; close that window first",
  LEGAL_BASIS_NOT_OFFERED: "%{basis} is not a legal basis under %{jurisdiction} (allowed: %{allowed})",
  MARKETING_CAP:
    "Marketing contact cap reached: customer %{customerId} already had %{contacts} marketing contacts in the %{windowDays} days before %{at} (at most %{maxContacts} per %{windowDays} days); next allowed from %{nextAllowedAt}",
  IDENTIFIER_WINDOW_TAKEN: "this window of the identifier belongs to another customer",
  REJECTED: "rejected",
  // Working a case, a key account's warning, a care task, a password (shown under the console's fields)
  ASSIGNEE_REQUIRED: "is required to ASSIGN (the username of the assignee)",
  NOT_A_CASE_WORKER: '"%{username}" is not an active steward or agent',
  ETA_REQUIRED: "is required to RESPOND (the resolution time promised to the customer)",
  ETA_NOT_IN_FUTURE: "must be in the future",
  ETA_TOO_FAR: "must be within %{days} days",
  NOTE_REQUIRED_PROGRESS: "is required to PROGRESS (what the customer was told)",
  NOTE_REQUIRED_ESCALATE: "is required to ESCALATE (which clock ran out, or why the customer is dissatisfied)",
  NOTE_REQUIRED_REOPEN: "is required to REOPEN (why the customer is not satisfied)",
  RESOLUTION_REQUIRED: "is required to RESOLVE",
  RESOLUTION_REQUIRED_TO_CLOSE: "is required to CLOSE (none was given when resolving)",
  ROOT_CAUSE_REQUIRED: "is required to CLOSE",
  SATISFACTION_REQUIRED: "is required to CLOSE (the follow-up result; the case closes only with a satisfied customer)",
  DISSATISFIED: "%{score} is not satisfied (%{from}–5 is; a dissatisfied customer needs REOPEN or ESCALATE)",
  NEUTRAL_NOT_SATISFIED: "%{score} is not satisfied (%{from}–5 is; 3 is neutral and needs REOPEN or ESCALATE)",
  WARNING_CAUSE_REQUIRED: "is required to close the warning (the cause analysis: why the fee fell)",
  WARNING_ACTION_REQUIRED: "is required to close the warning (the retention action taken)",
  SNOOZE_NOT_AFTER_TODAY: "must be a day after today",
  SNOOZE_TOO_FAR: "must be at most %{days} days ahead",
  PASSWORD_UNCHANGED: "must differ from the temporary password an admin set",
  /** A problem no code was given for yet: the console shows a generic text in other languages. */
  INVALID: "%{message}",
} as const;

export type ProblemCode = keyof typeof PROBLEMS;
export type ProblemParams = Record<string, string | number>;

/** A problem as the API sends it: the code and its parameters, and the English sentence built from them. */
export interface Problem {
  code: ProblemCode;
  params: ProblemParams;
  message: string;
}

/** Fills a template's `%{name}` placeholders (a missing parameter stays visible as its placeholder). */
export function interpolate(template: string, params: ProblemParams): string {
  return template.replace(/%\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function problem(code: ProblemCode, params: ProblemParams = {}): Problem {
  return { code, params, message: interpolate(PROBLEMS[code], params) };
}

/** A problem from English text only (call sites not yet given a code): the console shows it generically. */
export function uncoded(message: string): Problem {
  return { code: "INVALID", params: { message }, message };
}
