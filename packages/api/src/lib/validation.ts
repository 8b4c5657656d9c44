import { problem, type Problem } from "@tessera/schema/problems";
import { BadInputError, type FieldProblem } from "../graphql/errors.js";
import { isValidNationalId } from "./national-id.js";

/** Mainland mobile numbers: +86 followed by 1[3-9]xxxxxxxxx. Other countries: E.164. */
const CN_MOBILE = /^\+861[3-9]\d{9}$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Normalises common ways of writing an MSISDN ("138 1234 5678", "8613812345678") to E.164. */
export function normaliseMsisdn(raw: string): string {
  const compact = raw.replace(/[\s\-()]/g, "");
  if (/^1[3-9]\d{9}$/.test(compact)) return `+86${compact}`;
  if (/^861[3-9]\d{9}$/.test(compact)) return `+${compact}`;
  if (/^0086/.test(compact)) return `+${compact.slice(2)}`;
  return compact;
}

export function isValidMsisdn(value: string): boolean {
  return value.startsWith("+86") ? CN_MOBILE.test(value) : E164.test(value);
}

/**
 * Collects every problem of one input before failing, so a client fixes a form in one go.
 * Field names are the GraphQL input paths (`input.phone`), reported in `extensions`.
 */
export class InputValidator {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly prefix = "input") {}

  private path(field: string) {
    return this.prefix ? `${this.prefix}.${field}` : field;
  }

  /** A coded problem (@tessera/schema/problems): a client words it by its code. */
  fail(field: string, reported: Problem) {
    this.problems.push({ field: this.path(field), ...reported });
  }

  /** Returns the normalised MSISDN, or undefined/null unchanged. */
  msisdn<T extends string | null | undefined>(field: string, value: T): T {
    if (value == null) return value;
    const normalised = normaliseMsisdn(value);
    if (!isValidMsisdn(normalised)) {
      this.fail(field, problem("INVALID_MSISDN", { value }));
      return value;
    }
    return normalised as T;
  }

  email<T extends string | null | undefined>(field: string, value: T): T {
    if (value == null) return value;
    const trimmed = value.trim().toLowerCase();
    if (trimmed.length > 254 || !EMAIL.test(trimmed)) this.fail(field, problem("INVALID_EMAIL", { value }));
    return trimmed as T;
  }

  nationalId<T extends string | null | undefined>(field: string, value: T): T {
    if (value == null) return value;
    const upper = value.trim().toUpperCase();
    if (!/^\d{17}[\dX]$/.test(upper)) this.fail(field, problem("NATIONAL_ID_FORMAT"));
    else if (!isValidNationalId(upper)) this.fail(field, problem("NATIONAL_ID_CHECK_DIGIT"));
    return upper as T;
  }

  text(field: string, value: string | null | undefined, { min = 0, max = 500, required = false } = {}) {
    if (value == null) {
      if (required) this.fail(field, problem("REQUIRED"));
      return;
    }
    const length = value.trim().length;
    if (length < Math.max(min, required ? 1 : 0)) this.fail(field, required ? problem("EMPTY") : problem("TOO_SHORT", { min }));
    if (value.length > max) this.fail(field, problem("TOO_LONG", { max }));
  }

  /** Enum values: GraphQL checks its own inputs, but files and NDJSON arrive as plain strings. */
  oneOf(field: string, value: string | readonly string[] | null | undefined, allowed: readonly string[]) {
    if (value == null) return;
    const bad = (typeof value === "string" ? [value] : value).filter((x) => !allowed.includes(x));
    if (bad.length) this.fail(field, problem("NOT_ONE_OF", { value: bad.join(", "), allowed: allowed.join(", ") }));
  }

  /** A number (amounts, volumes): finite and within [min, max]; `integer` for counts. */
  number(field: string, value: number | null | undefined, { min = 0, max = 1e12, integer = false } = {}) {
    if (value == null) return;
    if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max)
      this.fail(field, problem(integer ? "NOT_AN_INTEGER_IN_RANGE" : "NOT_A_NUMBER_IN_RANGE", { min, max }));
  }

  intRange(field: string, value: number | null | undefined, min: number, max: number) {
    if (value == null) return;
    if (!Number.isInteger(value) || value < min || value > max) this.fail(field, problem("NOT_AN_INTEGER_IN_RANGE", { min, max }));
  }

  pastDate(field: string, value: string | Date | null | undefined, { notBefore }: { notBefore?: string } = {}) {
    if (value == null) return;
    const date = typeof value === "string" ? new Date(`${value}T00:00:00Z`) : value;
    if (Number.isNaN(date.getTime())) return this.fail(field, problem("INVALID_DATE"));
    if (date.getTime() > Date.now()) this.fail(field, problem("IN_FUTURE"));
    if (notBefore && date < new Date(`${notBefore}T00:00:00Z`)) this.fail(field, problem("BEFORE", { date: notBefore }));
  }

  /** Throws BAD_USER_INPUT naming every problem; nothing has been written yet at this point. */
  done() {
    if (this.problems.length) throw new BadInputError(this.problems);
  }
}
