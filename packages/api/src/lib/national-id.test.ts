import { describe, expect, it } from "vitest";
import { isValidNationalId, nationalIdCheckDigit } from "./national-id.js";

describe("national ids", () => {
  it("computes the ISO 7064 MOD 11-2 check character (GB 11643 example and another)", () => {
    expect(nationalIdCheckDigit("11010519491231002")).toBe("X");
    expect(nationalIdCheckDigit("44030519900101001")).toBe("8");
  });

  it("accepts well-formed ids, with an upper- or lower-case X", () => {
    expect(isValidNationalId("11010519491231002X")).toBe(true);
    expect(isValidNationalId("11010519491231002x")).toBe(true);
    expect(isValidNationalId("440305199001010018")).toBe(true);
  });

  it("rejects an id whose check character is wrong", () => {
    expect(isValidNationalId("110105194912310021")).toBe(false);
    expect(isValidNationalId("440305199001010016")).toBe(false);
  });

  it("rejects ids of the wrong length or with non-digits", () => {
    expect(isValidNationalId("11010519491231002")).toBe(false);
    expect(isValidNationalId("11010519491231002XX")).toBe(false);
    expect(isValidNationalId("1101051949123100AX")).toBe(false);
    expect(isValidNationalId("")).toBe(false);
  });

  it("rejects impossible birth dates even with a matching check character", () => {
    const first17 = "11010519490231002"; // 31 February
    expect(isValidNationalId(first17 + nationalIdCheckDigit(first17))).toBe(false);
  });

  it("refuses to compute a check character from anything but 17 digits", () => {
    expect(() => nationalIdCheckDigit("1101051949123100")).toThrow(RangeError);
  });
});
