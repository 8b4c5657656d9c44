import { describe, expect, it } from "vitest";
import { weakMemo } from "./memo.js";

describe("weakMemo", () => {
  it("computes once per key object, including a value of undefined, and separately for another key", () => {
    let calls = 0;
    const memo = weakMemo((key: { n: number }, offset: number) => {
      calls++;
      return key.n > 0 ? key.n + offset : undefined;
    });
    const a = { n: 1 };
    const none = { n: 0 };
    expect([memo(a, 10), memo(a, 10), memo(none, 10), memo(none, 10)]).toEqual([11, 11, undefined, undefined]);
    expect(calls).toBe(2);
    expect(memo({ n: 1 }, 20)).toBe(21);
    expect(calls).toBe(3);
  });
});
