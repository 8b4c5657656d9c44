import { purpose } from "../modules/consent/consent.table.js";

export type Purpose = (typeof purpose.enumValues)[number];
export const PURPOSES = purpose.enumValues;

export type Role = "ADMIN" | "STEWARD" | "AGENT" | "ANALYST" | "AUDITOR";

/** Who is asking. Resolvers read it from the context only; authentication builds it once per request. */
export type Principal =
  | { kind: "SYSTEM"; id: string; name: string }
  | { kind: "USER"; id: string; name: string; role: Role }
  | { kind: "PARTNER"; id: string; name: string; partnerId: string; keyId: string; allowedPurposes: Purpose[]; fieldAllowlist: string[] };

/** The principal of CLI jobs and, until authentication lands, of every request: full access. */
export const SYSTEM_PRINCIPAL: Principal = { kind: "SYSTEM", id: "system", name: "system" };

/** A stable label for audit rows, `recorded_by` and logs. */
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
