import { maxLength } from "react-admin";

/** A synchronous react-admin validator (what maxLength returns). */
type LengthValidator = ReturnType<typeof maxLength>;

/**
 * react-admin validators from one entry of FIELD_LIMITS (@tessera/schema/limits), the lengths the
 * API's validators read too: `const limits = lengthValidators(FIELD_LIMITS.Customer)` then
 * `validate={[required(), limits.name]}`. A form never restates a length, so it refuses exactly
 * what the API would, under the field and before sending.
 */
export function lengthValidators<Entry extends Readonly<Record<string, number>>>(entry: Entry): { readonly [Field in keyof Entry]: LengthValidator } {
  return Object.fromEntries(Object.entries(entry).map(([field, max]) => [field, maxLength(max)])) as { [Field in keyof Entry]: LengthValidator };
}

/**
 * The same check for a dialog that is not a react-admin form (plain MUI inputs): each field's
 * message, translated, for the fields over their limit (fields without a limit are not checked).
 */
export function lengthProblems<Entry extends Readonly<Record<string, number>>>(
  entry: Entry,
  values: Readonly<Record<string, unknown>>,
  translate: (key: string, args?: Record<string, unknown>) => string,
): Record<string, string> {
  const validators: Readonly<Record<string, LengthValidator | undefined>> = lengthValidators(entry);
  const problems: Record<string, string> = {};
  for (const field of Object.keys(values)) {
    const error = validators[field]?.(values[field], values);
    if (!error) continue;
    problems[field] = typeof error === "string" ? translate(error) : translate(error.message, error.args);
  }
  return problems;
}
