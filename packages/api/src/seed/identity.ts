/**
 * The identifiers a customer is known by, each with its validity window: MSISDNs of the
 * lines (from billing), e-mail, billing account number, handset IMEIs (the old handset's
 * closes when a new one appears on the network) and a WeChat OpenID.
 *
 * NATIONAL_ID_HASH is not seeded: the keyed hash belongs to the API's privacy layer.
 */
import type { Billing } from "./billing.js";
import { accountNumber, imei, wechatOpenId } from "./numbers.js";
import type { Profile } from "./profile.js";
import type { Random } from "./random.js";
import type { IdentifierInsert } from "./rows.js";
import { DAY_MS } from "./time.js";

export interface IdentityContext {
  seedHash: number;
  nowMs: number;
}

export function generateIdentifiers(random: Random, profile: Profile, billing: Billing, ctx: IdentityContext): IdentifierInsert[] {
  const rows: IdentifierInsert[] = [...billing.lineIdentifiers];
  const { customer } = profile;
  const since = (maxDays: number) => {
    const ms = profile.createdAtMs + random.int(0, maxDays) * DAY_MS;
    return new Date(Math.min(ms, ctx.nowMs - DAY_MS));
  };
  const add = (type: IdentifierInsert["type"], value: string, validFrom: Date, source: string, validTo: Date | null = null) => {
    rows.push({ id: random.uuid(), customerId: profile.id, type, value, validFrom, validTo, source });
  };

  if (profile.scenario === "PROSPECT") {
    // A lead's contact number, captured by the web form; not (yet) a line of ours.
    add("MSISDN", customer.phone!, new Date(profile.createdAtMs), "WEB");
  } else {
    add("ACCOUNT_NO", accountNumber(ctx.seedHash, profile.index, profile.district.code), new Date(profile.createdAtMs), "BILLING");
  }
  if (customer.email) add("EMAIL", customer.email, since(30), profile.kind === "INDIVIDUAL" ? "APP" : "CRM");

  const person = profile.kind === "INDIVIDUAL" || profile.kind === "FAMILY";
  if (person && profile.scenario !== "PROSPECT" && random.chance(0.55)) {
    // Handsets last two to three years; the current one was first seen on the network recently.
    const currentMs = Math.max(profile.createdAtMs, ctx.nowMs - random.int(30, 900) * DAY_MS);
    if (currentMs - profile.createdAtMs > 365 * DAY_MS && random.chance(0.5)) {
      add("DEVICE_ID", imei(ctx.seedHash, profile.index * 2 + 1), new Date(Math.max(profile.createdAtMs, currentMs - random.int(400, 1100) * DAY_MS)), "NETWORK", new Date(currentMs));
    }
    add("DEVICE_ID", imei(ctx.seedHash, profile.index * 2), new Date(currentMs), "NETWORK");
  }
  if (profile.hasWechat) add("WECHAT_OPENID", wechatOpenId(random), since(365), "WECHAT");
  return rows;
}
