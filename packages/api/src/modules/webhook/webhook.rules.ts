import { createHmac, timingSafeEqual } from "node:crypto";
import { problem, type Problem } from "@tessera/schema/problems";
import type { EventType } from "./webhook.table.js";

export interface BackoffConfig {
  /** First retry delay. */
  baseMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
  /** Retries stop (dead letter) once the waits so far would pass this. */
  windowMs: number;
}

/**
 * Events that tell a partner to stop processing a customer or to forget it: the notices of GDPR
 * Art. 19 (erasure, restriction) and an audience exit. They carry ids only (the payload's customer
 * fields are read at delivery, and an erased or restricted customer has none for a partner), and
 * say nothing the partner was not told before. Erasing the customer leaves their pending
 * deliveries in place, so they still arrive (modules/dsr/dsr.catalog.ts, OutboxEvent).
 */
export const STOP_NOTICES = ["CUSTOMER_ERASED", "CUSTOMER_RESTRICTED", "AUDIENCE_MEMBER_REMOVED"] as const satisfies readonly EventType[];

export const DEFAULT_BACKOFF: BackoffConfig = { baseMs: 30_000, maxDelayMs: 3_600_000, windowMs: 24 * 3_600_000 };

/**
 * The wait before the next try after `failures` failed attempts (1 = the first failed): base,
 * 2×base, 4×base, … capped at maxDelay; null once the waits would add up past the window
 * (the delivery is dead-lettered).
 */
export function nextDelayMs(failures: number, c: BackoffConfig): number | null {
  let total = 0;
  let delay = 0;
  for (let n = 1; n <= failures; n++) {
    delay = Math.min(c.baseMs * 2 ** (n - 1), c.maxDelayMs);
    total += delay;
  }
  return total > c.windowMs ? null : delay;
}

/** `Tessera-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (SPEC §8). */
export function signatureHeader(secret: string, body: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

/** What a receiver does (docs/partners.md shows the same in a few lines): true when the header signs this body. */
export function verifySignature(secret: string, body: string, header: string, toleranceSeconds = 300, now = new Date()): boolean {
  const parts = Object.fromEntries(header.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || !parts.v1 || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Receivers must be https, except on loopback (local development and tests) or when plain http is allowed. */
export function urlProblem(raw: string, allowHttp: boolean): Problem | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return problem("NOT_A_URL");
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol !== "http:") return problem("URL_NOT_HTTPS");
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return loopback || allowHttp ? undefined : problem("URL_PLAIN_HTTP");
}
