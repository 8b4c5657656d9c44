import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "./hash.js";

describe("canonical JSON and hashing", () => {
  it("hashes text to lower-case hex SHA-256", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("gives the same text whatever order the keys were added in, at every depth", () => {
    const a = { b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } };
    const b = { a: { c: null, d: [3, { x: 2, y: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
  });

  it("follows JSON.stringify for dates, undefined members and array holes", () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2025, 0, 2)), gone: undefined, list: [undefined, "é\n"] })).toBe(
      '{"at":"2025-01-02T00:00:00.000Z","list":[null,"é\\n"]}',
    );
  });

  it("refuses a value with no JSON form", () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
