/**
 * The consent ledger of a customer: what was asked at registration and later, and how the
 * customer answered. Receipts have the same shape `recordConsent` writes (ISO/IEC 27560:
 * principal, controller, purpose, notice and policy version, collection method, time) and the
 * same hash, so seeded and live events are indistinguishable to an auditor.
 *
 * THIRD_PARTY_SHARING is not seeded: it needs a partner id and there are no partner apps at
 * seed time.
 */
import { sha256Hex } from "../lib/hash.js";
import type { Profile } from "./profile.js";
import type { ConsentEventInsert } from "./rows.js";
import type { Random } from "./random.js";
import { DAY_MS, HOUR_MS } from "./time.js";

type Purpose = ConsentEventInsert["purpose"];
type Status = ConsentEventInsert["status"];
type Source = ConsentEventInsert["source"];
type LegalBasis = NonNullable<ConsentEventInsert["legalBasis"]>;
export type ContactChannel = NonNullable<ConsentEventInsert["channel"]>;

/** The controller named on every receipt (the same constant as the consent service's). */
const CONTROLLER = "Tessera Telecom";
/** Seeded events are labelled as such in the ledger, so they are never mistaken for real decisions. */
const RECORDED_BY = "system:seed";

/** Privacy-policy versions and when they took effect (2021.11: the PIPL came into force). */
const POLICIES: readonly (readonly [version: string, effectiveMs: number])[] = [
  ["2019.1", Date.UTC(2019, 0, 1)],
  ["2021.11", Date.UTC(2021, 10, 1)],
  ["2023.6", Date.UTC(2023, 5, 1)],
  ["2025.1", Date.UTC(2025, 0, 1)],
];

function policyAt(ms: number): string {
  let version = POLICIES[0][0];
  for (const [v, from] of POLICIES) if (from <= ms) version = v;
  return version;
}

/**
 * The notice shown, by reference to the section of the versioned privacy policy: the policy
 * text itself is versioned once, not copied into millions of receipts. The customer was shown it
 * in their own language (texts.ts): Chinese, or English for international customers.
 */
const NOTICE_SECTIONS: Record<Purpose, string> = {
  SERVICE: "§2 Providing your services",
  MARKETING: "§4 Offers and marketing (withdraw any time; reply TD to stop SMS)",
  PERSONALIZATION: "§5 Personalised recommendations",
  ANALYTICS: "§6 Aggregated analytics",
  THIRD_PARTY_SHARING: "§7 Sharing with partners",
  CROSS_BORDER: "§8 Transfers outside mainland China",
  SENSITIVE_PROCESSING: "§9 Sensitive personal information (precise location)",
};
const NOTICE_SECTIONS_ZH: Record<Purpose, string> = {
  SERVICE: "第 2 节 为您提供服务",
  MARKETING: "第 4 节 优惠与营销（可随时撤回；回复 TD 退订短信）",
  PERSONALIZATION: "第 5 节 个性化推荐",
  ANALYTICS: "第 6 节 汇总统计分析",
  THIRD_PARTY_SHARING: "第 7 节 与合作方共享",
  CROSS_BORDER: "第 8 节 向境外提供",
  SENSITIVE_PROCESSING: "第 9 节 敏感个人信息（精确位置）",
};
const noticeText = (international: boolean, policyVersion: string, purpose: Purpose) =>
  international ? `Tessera Telecom privacy policy ${policyVersion}, ${NOTICE_SECTIONS[purpose]}` : `Tessera 电信隐私政策 ${policyVersion}，${NOTICE_SECTIONS_ZH[purpose]}`;

const WITHDRAWAL_SOURCE: Record<ContactChannel, Source> = { SMS: "SMS", EMAIL: "WEB", PHONE: "HOTLINE", APP_PUSH: "APP", WECHAT: "APP", POST: "PAPER" };

export interface MarketingWindow {
  channel: ContactChannel;
  fromMs: number;
  toMs: number;
}

export interface ConsentLedger {
  events: ConsentEventInsert[];
  /** When each marketing channel was open, so marketing contacts respect consent. */
  marketingWindows: MarketingWindow[];
}

export function generateConsents(random: Random, profile: Profile, nowMs: number, hasEmail: boolean): ConsentLedger {
  const events: ConsentEventInsert[] = [];
  const marketingWindows: MarketingWindow[] = [];
  const registeredVia: Source =
    profile.createdAtMs < Date.UTC(2016, 0, 1)
      ? random.chance(0.5) ? "PAPER" : "HALL"
      : random.chance(profile.digital * 0.8) ? (random.chance(0.7) ? "APP" : "WEB") : "HALL";
  const latest = nowMs - HOUR_MS;
  const at = (ms: number) => Math.min(ms, latest);

  const record = (purpose: Purpose, status: Status, legalBasis: LegalBasis, source: Source, ms: number, channel: ContactChannel | null = null, expiresMs: number | null = null) => {
    const capturedAt = new Date(at(ms) - (at(ms) % 1000));
    const expiresAt = expiresMs === null ? null : new Date(expiresMs - (expiresMs % 1000));
    const policyVersion = policyAt(capturedAt.getTime());
    // Keys in sorted order at every depth: JSON.stringify then yields exactly canonicalJson's
    // text, at a fraction of the cost over millions of receipts (a test holds the two equal).
    const evidence = {
      channel,
      collectionMethod: source,
      controller: CONTROLLER,
      decision: status,
      expiresAt: expiresAt?.toISOString() ?? null,
      legalBasis,
      notice: { policyVersion, text: noticeText(profile.international, policyVersion, purpose) },
      partnerId: null,
      principal: { customerId: profile.id },
      purpose,
      receiptVersion: "ISO/IEC 27560:2023",
      recordedBy: RECORDED_BY,
      timestamp: capturedAt.toISOString(),
    };
    events.push({
      id: random.uuid(),
      customerId: profile.id,
      purpose,
      channel,
      partnerId: null,
      status,
      legalBasis,
      source,
      policyVersion,
      capturedAt,
      expiresAt,
      evidence,
      receiptHash: sha256Hex(JSON.stringify(evidence)),
      recordedBy: RECORDED_BY,
    });
    return capturedAt.getTime();
  };

  const start = profile.createdAtMs;
  const prospect = profile.scenario === "PROSPECT";
  // Processing needed to perform the contract needs no consent: the basis is the contract itself.
  if (!prospect) record("SERVICE", "GRANTED", "CONTRACT", registeredVia, start);

  const ask = (purpose: Purpose, askedShare: number, grantShare: number) => {
    if (!random.chance(askedShare)) return;
    const granted = random.chance(grantShare);
    record(purpose, granted ? "GRANTED" : "DENIED", "CONSENT", registeredVia, start + random.int(0, 3) * DAY_MS + random.int(1, 30) * 60_000);
  };
  if (!prospect) {
    ask("ANALYTICS", 0.8, 0.65);
    ask("PERSONALIZATION", 0.7, 0.45);
    ask("SENSITIVE_PROCESSING", 0.6, 0.4);
    if (profile.international) ask("CROSS_BORDER", 1, 0.6);
  }

  // Marketing is asked per channel. One willingness per customer: people who accept SMS offers
  // tend to accept e-mail ones too, and the overall grant rate lands near 55 %.
  const willingness = Math.min(0.97, Math.max(0.03, random.normal(prospect ? 0.7 : 0.55, 0.3)));
  const offered: ContactChannel[] = ["SMS"];
  if (random.chance(0.5)) offered.push("PHONE");
  if (hasEmail && random.chance(0.6)) offered.push("EMAIL");
  if (profile.hasApp && random.chance(0.6)) offered.push("APP_PUSH");
  if (profile.hasWechat && random.chance(0.6)) offered.push("WECHAT");
  for (const channel of offered) {
    const source: Source = channel === "APP_PUSH" ? "APP" : channel === "WECHAT" ? "APP" : prospect ? "WEB" : registeredVia;
    const askedMs = start + random.int(0, 30) * DAY_MS + random.int(1, 600) * 60_000;
    if (askedMs >= latest) continue;
    if (!random.chance(willingness)) {
      record("MARKETING", "DENIED", "CONSENT", source, askedMs, channel);
      continue;
    }
    // Some grants are time-limited (campaign opt-ins); many of those have lapsed by now.
    const expiresMs = random.chance(0.3) ? askedMs + (random.chance(0.5) ? 365 : 730) * DAY_MS : null;
    const grantedMs = record("MARKETING", "GRANTED", "CONSENT", source, askedMs, channel, expiresMs);
    let closesMs = Math.min(expiresMs ?? Infinity, nowMs);
    if (random.chance(0.12) && grantedMs + DAY_MS < latest) {
      // Withdrawn later: a TD reply to an SMS, the unsubscribe link of an e-mail, the app, the hotline.
      const withdrawnMs = grantedMs + DAY_MS + Math.floor(random.float() * (latest - grantedMs - DAY_MS));
      const via: Source = random.chance(0.3) ? "HOTLINE" : WITHDRAWAL_SOURCE[channel];
      record("MARKETING", "WITHDRAWN", "CONSENT", via, withdrawnMs, channel);
      closesMs = Math.min(closesMs, withdrawnMs);
    }
    if (closesMs > grantedMs) marketingWindows.push({ channel, fromMs: grantedMs, toMs: closesMs });
  }
  return { events, marketingWindows };
}
