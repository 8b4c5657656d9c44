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
  UNKNOWN_FIELD: "is not a field of %{type}",
  NOT_OF_TYPE: "must be of type %{type}",
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
  // Any input, continued
  INVALID_TIME: "is not a valid time",
  POSITIVE_INTEGER: "must be a positive integer",
  NOT_BETWEEN: "must be between %{min} and %{max}",
  MUST_DIFFER: "must differ from %{other}",
  REQUIRED_FOR: "is required for %{value}",
  ONLY_FOR: "applies only to %{value}",
  NO_NUL: "must not contain NUL characters",
  TOO_LONG_GIVEN: "must be at most %{max} characters (got %{length})",
  BATCH_TOO_LARGE: "at most %{max} items per batch",
  INVALID_CURSOR: "is not a valid cursor for this list",
  CURSOR_OF_OTHER_ORDER: "was issued for another order; start again without it",
  PAGING_MIXED: "cannot be combined with last/before: page forward (first/after) or backward (last/before)",
  // Customers, identifiers, users, feedback
  LANGUAGE_TAG: "must be a BCP 47 tag such as zh-CN or en",
  VALID_TO_NOT_IN_FUTURE: "must be in the future when validFrom is now",
  BEFORE_WINDOW_START: "must not be before the window's start (%{start})",
  USERNAME_FORMAT: "must be 2–63 characters: a letter, then letters, digits, '.', '_' or '-'",
  NOT_CURRENT_PASSWORD: "is not your current password",
  ANSWERS_REQUIRED: "are required for SURVEY",
  // Key accounts, households, cases, data subject requests
  NOT_A_KEY_ACCOUNT_KIND: "is a %{kind} customer; key accounts are %{allowed} customers",
  GROUP_IS_SELF: "cannot be the account itself",
  TOO_MANY_SITES: "at most %{max} sites",
  NOT_A_KEY_ACCOUNT: "is not a key account",
  GROUP_IS_BRANCH: "is itself a branch; a branch belongs to a group",
  GROUP_HAS_BRANCHES: "this account is a group with branches; a group cannot become a branch",
  WARNING_CLOSED: "the warning is already closed",
  NOT_A_HOUSEHOLD_KIND: "is a %{kind} customer; households are of %{allowed} customers",
  ALREADY_IN_HOUSEHOLD: "is already a member of a household; a customer belongs to one household at a time (remove them there first)",
  SECOND_HEAD: "a household has one head, named when it is created; add the member as SPOUSE, CHILD, PARENT or OTHER",
  HEAD_LEAVES_LAST: "is the head: the head leaves last (remove the other members first)",
  NOT_A_MEMBER: "is not a current member of this household",
  NOT_A_PLAN: "is not a plan of the catalogue",
  INTERACTION_OF_OTHER_CUSTOMER: "is not an interaction of this customer",
  INTERACTION_HAS_CASE: "is already linked to case %{caseId}",
  SATISFACTION_WITH_FOLLOW_UP: "is recorded with CLOSE, REOPEN or ESCALATE (the follow-up call)",
  SATISFACTION_AFTER_RESOLVE: "is recorded with ESCALATE only after the case was resolved (the follow-up call)",
  ETA_NOT_EXPECTED: "is given with RESPOND or PROGRESS",
  CHANNEL_NOT_FOR_TASK: "must be one of %{allowed} for this task (a care visit)",
  RECTIFICATION_NOTES_REQUIRED: "say what was rectified (the record is edited through updateCustomer)",
  EXPORT_ONLY_FOR_ACCESS: "is a %{type} request; only ACCESS requests have an export",
  // Partner apps, audiences, webhooks
  NOT_A_CATALOG_FIELD: '"%{value}" is not a catalog field (e.g. Customer.phone, Interaction.*)',
  NO_PURPOSES: "name at least one purpose",
  UNKNOWN_PURPOSE: "unknown purpose %{value}; one of %{allowed}",
  APP_CHANNEL_ONLY: "must be %{channel}: a partner app writes through the app channel",
  EXTERNAL_ID_FROM_APP: "is not accepted from a channel app: feeding systems send external ids through ingestInteractions",
  PURPOSE_NOT_HELD: "is not a purpose %{partner} holds (%{allowed})",
  NOT_A_URL: "is not a URL",
  URL_NOT_HTTPS: "must be an https:// URL",
  URL_PLAIN_HTTP: "must be https:// (plain http only on loopback, or with TESSERA_WEBHOOK_ALLOW_HTTP=true)",
  NO_EVENT_TYPES: "name at least one event type",
  // Metrics and segment definitions
  WINDOW_TOO_LONG: "the window may span at most %{years} years",
  TOO_MANY_SEGMENTS: "at most %{max} segments",
  UNKNOWN_SEGMENT: "names a segment that does not exist",
  SEGMENT_TOO_MANY_NODES: "has more than %{max} nodes",
  SEGMENT_TOO_DEEP: "nests deeper than %{max} levels",
  SEGMENT_ONE_FORM: "must have exactly one of and, or, not, or a condition (field, op, value)",
  SEGMENT_UNKNOWN_FIELD: "unknown field %{field}",
  SEGMENT_OP_REQUIRED: "is required with field",
  SEGMENT_OP_NOT_FOR_FIELD: "%{op} does not apply to %{field}; use one of %{allowed}",
  SEGMENT_NOT_A_LIST: "must be a list of values",
  SEGMENT_NOT_A_RANGE: "must be [min, max]",
  SEGMENT_LIST_LENGTH: "must list 1 to %{max} values",
  SEGMENT_RANGE_REVERSED: "min must not exceed max",
  SEGMENT_NOT_A_NUMBER: "must be a number for %{field}",
  SEGMENT_NOT_A_DAY: "must be a date YYYY-MM-DD for %{field}",
  SEGMENT_NOT_ONE_OF: "must be one of %{allowed} for %{field}",
  SEGMENT_TEXT_TOO_LONG: "must be text of at most %{max} characters for %{field}",
  /**
   * Problems without a code, from versions before every problem had one (a stored rejects file,
   * an older server): the console shows a generic text in other languages. Nothing reports it now.
   */
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
