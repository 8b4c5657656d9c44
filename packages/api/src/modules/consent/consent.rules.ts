import type { CustomerRow } from "../customer/customer.table.js";
import type { ConsentEventRow } from "./consent.table.js";

type Jurisdiction = CustomerRow["jurisdiction"];
type LegalBasis = ConsentEventRow["legalBasis"];

/**
 * The legal bases each privacy law offers, in one place: the API refuses any other and the
 * console's consent dialog offers only these (Customer.legalBases).
 *
 * PIPL Art. 13 lists consent, contract (and HR management), statutory duties or obligations,
 * public-health emergencies and the protection of life, health and property, news reporting in
 * the public interest, information already lawfully public, and other cases laws provide. It has
 * no "legitimate interest" basis as GDPR Art. 6(1)(f) does (DOMAIN.md "Legal bases differ").
 */
export const LEGAL_BASES: Record<Jurisdiction, readonly LegalBasis[]> = {
  PIPL: ["CONSENT", "CONTRACT", "LEGAL_OBLIGATION", "VITAL_INTEREST", "PUBLIC_TASK"],
  GDPR: ["CONSENT", "CONTRACT", "LEGAL_OBLIGATION", "VITAL_INTEREST", "PUBLIC_TASK", "LEGITIMATE_INTEREST"],
};

export function legalBasesOf(jurisdiction: Jurisdiction): readonly LegalBasis[] {
  return LEGAL_BASES[jurisdiction];
}
