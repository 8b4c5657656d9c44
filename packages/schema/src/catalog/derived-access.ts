import { CATALOG } from "./catalog.js";
import type { PersonalField, Purpose } from "./types.js";

/**
 * Values the catalog governs twice. An identifier's value is the same datum as a profile field
 * (an MSISDN identifier holds a phone number, an EMAIL identifier the e-mail address), so it may
 * never be released more widely than that field: the policy applies the stricter of
 * `Identifier.value`'s own entry and the entry of the Customer field named here (purposes, role
 * treatment, partner allowlist, channel consent). `null`: the identifier has no profile field
 * and only `Identifier.value`'s entry governs it. Every identifier type must be listed
 * (privacy/edges.test.ts walks the API's enum).
 */
export const IDENTIFIER_PROFILE_FIELD = {
  MSISDN: "phone",
  EMAIL: "email",
  NATIONAL_ID_HASH: "nationalId",
  ACCOUNT_NO: "externalId",
  EXTERNAL: "externalId",
  DEVICE_ID: null,
  WECHAT_OPENID: null,
} as const satisfies Record<string, keyof typeof CATALOG.Customer | null>;

export type IdentifierTypeName = keyof typeof IDENTIFIER_PROFILE_FIELD;

/** The `Customer` field an identifier of this type mirrors, if any. */
export function identifierProfileField(identifierType: unknown): keyof typeof CATALOG.Customer | null {
  return (IDENTIFIER_PROFILE_FIELD as Record<string, keyof typeof CATALOG.Customer | null>)[String(identifierType)] ?? null;
}

/** Contact channels of the consent ledger (SPEC §3 `consent_events.channel`). */
export type ContactChannel = "SMS" | "EMAIL" | "PHONE" | "APP_PUSH" | "WECHAT" | "POST";

/**
 * Purposes whose consent is given per contact channel (SPEC §4.2: MARKETING, "consent per
 * channel"). Under these, a contact field is released only when the customer's consent covers
 * one of the channels the field reaches (CONTACT_CHANNELS); otherwise it is null, NO_CONSENT.
 */
export const PER_CHANNEL_PURPOSES: readonly Purpose[] = ["MARKETING"];

/**
 * The channels a contact value reaches the customer by: `Type.field`, or for identifiers
 * without a profile field `Identifier.value:<type>`. An MSISDN or EMAIL identifier takes its
 * profile field's channels (IDENTIFIER_PROFILE_FIELD).
 */
export const CONTACT_CHANNELS: Record<string, readonly ContactChannel[]> = {
  "Customer.phone": ["SMS", "PHONE"],
  "Customer.email": ["EMAIL"],
  "Customer.address": ["POST"],
  "Subscription.msisdn": ["SMS", "PHONE"],
  "Identifier.value:WECHAT_OPENID": ["WECHAT"],
  "Identifier.value:DEVICE_ID": ["APP_PUSH"],
};

/** The channels a value of `type.field` in `row` reaches, or undefined when it is no contact value. */
export function contactChannelsOf(type: string, field: string, row: Record<string, unknown>): readonly ContactChannel[] | undefined {
  if (type === "Identifier" && field === "value") {
    const profile = identifierProfileField(row.type);
    return profile ? CONTACT_CHANNELS[`Customer.${profile}`] : CONTACT_CHANNELS[`Identifier.value:${String(row.type)}`];
  }
  return CONTACT_CHANNELS[`${type}.${field}`];
}

/** The catalog entry of the profile field an identifier mirrors. */
export function identifierProfileEntry(identifierType: unknown): [string, PersonalField] | undefined {
  const field = identifierProfileField(identifierType);
  return field ? [field, CATALOG.Customer[field] as PersonalField] : undefined;
}
