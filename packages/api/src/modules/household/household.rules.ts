/**
 * The rules of households (family accounts: family plans, 亲情号码 bundles; DOMAIN.md
 * "Households"), in one place: the member roles, who may join, and the household value.
 */
import { round2 } from "../insight/insight.formulas.js";

/** A member's relation to the household: the head (户主, the account holder of the family plan) and the family around them. */
export const HOUSEHOLD_ROLES = ["HEAD", "SPOUSE", "CHILD", "PARENT", "OTHER"] as const;
export type HouseholdRole = (typeof HOUSEHOLD_ROLES)[number];

/** Households are of people: individual customers and family-account holders (FAMILY); enterprises are key accounts. */
export const HOUSEHOLD_KINDS = ["INDIVIDUAL", "FAMILY"] as const;

/**
 * Membership rules, each enforced by the service (and the first two by the database):
 * - a customer is a current member of at most one household;
 * - a household has exactly one current HEAD, named when it is created;
 * - the head leaves last: while other members remain the head cannot be removed;
 * - only people (INDIVIDUAL or FAMILY customers) join; a merged or erased record cannot join;
 * - a member joins on or before today and leaves on or after the day they joined.
 */
export const MEMBERSHIP_RULES = {
  maxNameLength: 100,
} as const;

/** A member's stored value figures (Insight.clv and Insight.arpu) as the caller may read them. */
export interface MemberValue {
  clv: number | null;
  arpu: number | null;
}

export interface HouseholdValue {
  /** Σ of the members' CLV, ¥; null when no member has one. */
  clv: number | null;
  /** The household CLV ÷ the members who have a CLV, ¥. */
  meanClv: number | null;
  /** Σ of the members' ARPU, ¥/month. */
  arpu: number | null;
  /** How many members the figures cover (members with a computed CLV). */
  membersValued: number;
}

/**
 * Household value (DOMAIN.md "household value matters for retention"): no new formula, the
 * members' own stored figures added up. Household CLV = Σ member CLV (each member's
 * Insight.clv = ARPU × gross-margin rate × expected remaining lifetime, insight.formulas.ts
 * customerLifetimeValue); mean CLV = household CLV ÷ members with a CLV; household ARPU = Σ member
 * ARPU (Insight.arpu, mean monthly bill of the last 3 billed months). A member without computed
 * insight, or whose figures the caller may not read, adds nothing and is not counted.
 */
export function householdValue(members: readonly MemberValue[]): HouseholdValue {
  const clvs = members.map((m) => m.clv).filter((v): v is number => v != null);
  const arpus = members.map((m) => m.arpu).filter((v): v is number => v != null);
  const sum = (values: number[]) => round2(values.reduce((s, v) => s + v, 0));
  return {
    clv: clvs.length ? sum(clvs) : null,
    meanClv: clvs.length ? round2(clvs.reduce((s, v) => s + v, 0) / clvs.length) : null,
    arpu: arpus.length ? sum(arpus) : null,
    membersValued: clvs.length,
  };
}
