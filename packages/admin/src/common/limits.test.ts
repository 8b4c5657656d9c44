import { FIELD_LIMITS } from "@tessera/schema/limits";
import { describe, expect, it } from "vitest";
import { lengthProblems, lengthValidators } from "./limits";

const translate = (key: string, args?: Record<string, unknown>) => `${key}:${JSON.stringify(args ?? {})}`;

describe("form lengths come from FIELD_LIMITS, the table the API's validators read", () => {
  it("a customer name of exactly the API's limit passes, one character more is refused", () => {
    const limits = lengthValidators(FIELD_LIMITS.Customer);
    expect(limits.name("x".repeat(FIELD_LIMITS.Customer.name), {})).toBeUndefined();
    expect(limits.name("x".repeat(FIELD_LIMITS.Customer.name + 1), {})).toEqual({ message: "ra.validation.maxLength", args: { max: FIELD_LIMITS.Customer.name } });
  });

  it("every length entry gets a validator for each of its fields", () => {
    for (const [entity, entry] of Object.entries(FIELD_LIMITS)) {
      if (entity === "CareTask") continue; // a number of days, not a length
      expect(Object.keys(lengthValidators(entry))).toEqual(Object.keys(entry));
    }
  });

  it("a dialog without a react-admin form gets the same messages, translated, for the fields over their limit", () => {
    const problems = lengthProblems(FIELD_LIMITS.Case, { owner: "o".repeat(FIELD_LIMITS.Case.owner + 1), note: "fine" }, translate);
    expect(problems).toEqual({ owner: `ra.validation.maxLength:${JSON.stringify({ max: FIELD_LIMITS.Case.owner })}` });
  });
});
