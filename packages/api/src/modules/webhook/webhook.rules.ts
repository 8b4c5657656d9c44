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

const isStopNotice = (type: EventType) => (STOP_NOTICES as readonly EventType[]).includes(type);

/** Marks a key of an event's `data` whose value lists the names of the Customer fields that changed: each is named `Customer.<field>`. */
export const CHANGED_CUSTOMER_FIELDS = Symbol("the Customer fields named");

/**
 * What each key of an event's stored `data` tells the partner about the customer, named as the
 * schema's field whose value it carries (`ConsentEvent.status`), catalog-style. A delivery's audit
 * row lists these (never the values): the trail then shows which partner was told what about whom,
 * and erasure and restriction notices reach it (GDPR Art. 15(1)(c), 19). A key missing here is still
 * recorded, as `OutboxEvent.data.<key>`; webhook.rules.test.ts checks every name is a schema field.
 */
export const EVENT_DATA_FIELDS: { readonly [T in EventType]: Readonly<Record<string, string | typeof CHANGED_CUSTOMER_FIELDS>> } = {
  CONSENT_CHANGED: {
    consentEventId: "ConsentEvent.id",
    purpose: "ConsentEvent.purpose",
    channel: "ConsentEvent.channel",
    partnerId: "ConsentEvent.partnerId",
    status: "ConsentEvent.status",
    capturedAt: "ConsentEvent.capturedAt",
    expiresAt: "ConsentEvent.expiresAt",
  },
  // Which fields changed (not their values: those travel in `customer`, by policy, and are listed as read).
  CUSTOMER_UPDATED: { fields: CHANGED_CUSTOMER_FIELDS, version: "Customer.version", unmergedFrom: "CustomerMerge.id" },
  CUSTOMER_MERGED: { mergeId: "CustomerMerge.id", survivorId: "CustomerMerge.survivorId", mergedId: "CustomerMerge.mergedId", fields: CHANGED_CUSTOMER_FIELDS },
  CASE_STATUS_CHANGED: { caseId: "Case.id", from: "CaseTransition.from", to: "CaseTransition.to", action: "CaseTransition.action", version: "Case.version" },
  CHURN_RISK_HIGH: { churnLevel: "Insight.churnRisk" },
  AUDIENCE_MEMBER_ADDED: { audienceId: "Audience.id", purpose: "Audience.purpose" },
  AUDIENCE_MEMBER_REMOVED: { audienceId: "Audience.id", purpose: "Audience.purpose" },
  CUSTOMER_RESTRICTED: {},
  CUSTOMER_ERASED: {},
};

/**
 * What one delivery discloses about its customer, as the audit row's `fields` (sorted): the
 * Customer fields sent in `customer` (whether masked or not, as a read lists them) and what the
 * event's `data` tells (EVENT_DATA_FIELDS). A stop notice's data tells the partner only to stop or
 * forget what it was told before (ids), so it discloses nothing: its deliveries leave no disclosure
 * of their own, and a notice can never make its partner the addressee of another.
 */
export function disclosedFields(type: EventType, data: Record<string, unknown>, customerFields: readonly string[]): string[] {
  const fields = new Set(customerFields.map((f) => `Customer.${f}`));
  if (!isStopNotice(type)) {
    const names: Readonly<Record<string, string | typeof CHANGED_CUSTOMER_FIELDS>> = EVENT_DATA_FIELDS[type];
    for (const [key, value] of Object.entries(data)) {
      const name = names[key];
      if (name === CHANGED_CUSTOMER_FIELDS) {
        for (const f of Array.isArray(value) ? value : []) fields.add(`Customer.${String(f)}`);
      } else fields.add(name ?? `OutboxEvent.data.${key}`);
    }
  }
  return [...fields].sort();
}

/** Every schema field EVENT_DATA_FIELDS names (for the test that each exists). */
export function eventDataFieldNames(): string[] {
  return [...new Set(Object.values(EVENT_DATA_FIELDS).flatMap((m) => Object.values(m)).filter((n): n is string => typeof n === "string"))].sort();
}

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
