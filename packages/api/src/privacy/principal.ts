import type { Role } from "@tessera/schema/catalog";
import { purpose } from "../modules/consent/consent.table.js";
import { partnerCapability } from "../modules/partner/partner.table.js";

export type PartnerCapability = (typeof partnerCapability.enumValues)[number];

export type Purpose = (typeof purpose.enumValues)[number];
export const PURPOSES = purpose.enumValues;
export type { Role };

/** Who is asking. Authentication builds it once per request; resolvers read it from the context only. */
export type Principal =
  | { kind: "ANONYMOUS"; id: "anonymous"; name: "anonymous" }
  | { kind: "SYSTEM"; id: string; name: string }
  | {
      kind: "USER";
      id: string;
      name: string;
      role: Role;
      /** The highest customer security level the user may open (users.clearance); absent: 1. */
      clearance?: number;
      /** An admin set a temporary password: until the user chooses their own, only changePassword and me (permissions.ts). */
      mustChangePassword?: boolean;
    }
  | {
      kind: "PARTNER";
      id: string;
      name: string;
      partnerId: string;
      keyId: string;
      allowedPurposes: Purpose[];
      fieldAllowlist: string[];
      /** Capabilities beyond reading: INTEGRATION lets a feeding system call the feed mutations; the write capabilities let a channel app call one mutation each. */
      capabilities: PartnerCapability[];
    };

/** The principal of CLI jobs (seed, import, retention): full access, audited as `system`. */
export const SYSTEM_PRINCIPAL: Principal = { kind: "SYSTEM", id: "system", name: "system" };
export const ANONYMOUS: Principal = { kind: "ANONYMOUS", id: "anonymous", name: "anonymous" };

/** A stable label for audit rows, `recorded_by` and logs (never a personal value). */
export function principalLabel(p: Principal): string {
  switch (p.kind) {
    case "USER":
      return `user:${p.name}`;
    case "PARTNER":
      return `partner:${p.name}`;
    default:
      return p.name;
  }
}
