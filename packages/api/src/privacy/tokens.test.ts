import { afterEach, describe, expect, it, vi } from "vitest";
import type { DbOrTx } from "../db/client.js";
import { SESSION_HOURS, TokenService } from "./tokens.js";

/**
 * Session tokens are verified once per token string and remembered (tokens.ts): the rule is that
 * remembering changes nothing a check answers — a token is refused from the second its `exp`
 * is reached, and a token altered or signed with another key is refused, whatever was verified
 * before.
 */
const claims = { userId: "7a3e2f4c-1b5d-4e6f-8a9b-0c1d2e3f4a5b", username: "steward", role: "STEWARD" as const, sessionVersion: 1 };
// TokenService.create only keys the cursor codec by the handle: no database is read when a secret is given.
const handle = () => ({}) as DbOrTx;

afterEach(() => {
  vi.useRealTimers();
});

describe("session token verification", () => {
  it("a token verified while valid is refused once its expiry (exp) is reached", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-02T08:00:00Z"));
    const tokens = await TokenService.create(handle(), "a-secret-of-enough-length-for-hs256-0001");
    const { token, expiresAt } = await tokens.issue(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    vi.setSystemTime(new Date(expiresAt.getTime() - 1_000));
    expect(await tokens.verify(token)).toEqual(claims);
    vi.setSystemTime(expiresAt);
    expect(expiresAt.getTime() - Date.parse("2026-12-02T08:00:00Z")).toBe(SESSION_HOURS * 3_600_000);
    expect(await tokens.verify(token)).toBeUndefined();
  });

  it("after a valid token was verified, the same claims with another signature or from another key are refused", async () => {
    const tokens = await TokenService.create(handle(), "a-secret-of-enough-length-for-hs256-0002");
    const other = await TokenService.create(handle(), "a-secret-of-enough-length-for-hs256-0003");
    const { token } = await tokens.issue(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    const [header, payload, signature] = token.split(".");
    const flipped = signature!.startsWith("A") ? `B${signature!.slice(1)}` : `A${signature!.slice(1)}`;
    expect(await tokens.verify(`${header}.${payload}.${flipped}`)).toBeUndefined();
    expect(await other.verify(token)).toBeUndefined();
    const forged = (await other.issue(claims)).token;
    expect(await tokens.verify(forged)).toBeUndefined();
  });
});
