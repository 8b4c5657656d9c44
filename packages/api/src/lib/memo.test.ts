import { describe, expect, it } from "vitest";
import { ExpiringMemo, weakMemo } from "./memo.js";

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

describe("ExpiringMemo", () => {
  it("shares one computation per key while it is kept, and computes again once it has expired", async () => {
    const memo = new ExpiringMemo<number>(30);
    let calls = 0;
    const compute = async () => ++calls;
    expect(await Promise.all([memo.get("a", compute), memo.get("a", compute)])).toEqual([1, 1]);
    expect(await memo.get("b", compute)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await memo.get("a", compute)).toBe(3);
  });

  it("does not keep a failure", async () => {
    const memo = new ExpiringMemo<number>(60_000);
    await expect(memo.get("a", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await memo.get("a", async () => 7)).toBe(7);
  });
});
