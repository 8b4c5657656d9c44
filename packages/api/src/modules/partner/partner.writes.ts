import { problem } from "@tessera/schema/problems";
import type { InputValidator } from "../../lib/validation.js";
import type { Principal } from "../../privacy/principal.js";

/** The channel (interaction/feedback channel, consent source) of everything a channel app writes. */
export const APP_CHANNEL = "APP";

/**
 * Channel apps (issue 14): what a partner app writes reached it through the customer's app, so
 * it is recorded as channel (or consent source) APP — a partner cannot pass its writes off as a
 * hall visit or a hotline call. A partner naming another channel is BAD_USER_INPUT (decided from
 * the input alone, before any customer is looked at); one naming none gets APP. Console users
 * keep what they give.
 */
export function writeChannel(v: InputValidator, principal: Principal, field: string, given: string | null | undefined): string | undefined {
  if (principal.kind !== "PARTNER") return given ?? undefined;
  if (given != null && given !== APP_CHANNEL) v.fail(field, problem("APP_CHANNEL_ONLY", { channel: APP_CHANNEL }));
  return APP_CHANNEL;
}

/**
 * External ids are one space across every customer (a unique index), so answering CONFLICT to a
 * channel app would tell it that some customer it may not see has an interaction with that id.
 * Idempotent feeds with external ids are for feeding systems (`ingestInteractions`, INTEGRATION),
 * which own that space; a channel app's single writes carry none.
 */
export function refuseExternalId(v: InputValidator, principal: Principal, field: string, given: string | null | undefined): void {
  if (principal.kind === "PARTNER" && given != null)
    v.fail(field, problem("EXTERNAL_ID_FROM_APP"));
}
