import { usePermissions } from "react-admin";
import type { Role } from "../generated/graphql";

/**
 * What each console role works on and may do. The API is the authority (its permission table
 * refuses anything else with FORBIDDEN); this mirror only keeps menus and buttons to what the
 * role can use, so nobody is offered an action that would fail.
 */
export type ConsolePage = "dashboard" | "customers" | "cases" | "careTasks" | "segments" | "auditEvents" | "dataSubjectRequests" | "users" | "partnerApps" | "duplicates";

/** The menu of each role, in order; the first page is where the role lands after sign-in. */
export const MENUS: Record<Role, readonly ConsolePage[]> = {
  // The duplicate queue: only stewards may list candidates, preview, merge and undo (API permissions).
  STEWARD: ["customers", "duplicates", "cases", "careTasks", "dataSubjectRequests"],
  AGENT: ["customers", "cases", "careTasks"],
  ANALYST: ["dashboard", "customers", "segments"],
  AUDITOR: ["auditEvents", "dataSubjectRequests", "customers"],
  ADMIN: ["dashboard", "users", "partnerApps", "customers", "cases", "careTasks", "segments", "auditEvents", "dataSubjectRequests"],
};

export type Action =
  | "customer.create"
  | "customer.edit"
  | "customer.search"
  | "consent.record"
  | "interaction.log"
  | "case.open"
  | "case.transition"
  | "dsr.request"
  | "dsr.fulfil"
  | "dsr.export"
  | "segment.create"
  | "user.create"
  | "partner.manage"
  | "customer.merge";

const SERVICE_DESK: readonly Role[] = ["STEWARD", "AGENT"];

/** Mirrors packages/api/src/privacy/permissions.ts (plus the policy's filter rules for search). */
const ACTIONS: Record<Action, readonly Role[]> = {
  "customer.create": SERVICE_DESK,
  "customer.edit": SERVICE_DESK,
  // Searching matches name, phone and email: only roles that read them in full may filter on them.
  "customer.search": ["STEWARD", "AGENT"],
  "consent.record": SERVICE_DESK,
  "interaction.log": SERVICE_DESK,
  "case.open": SERVICE_DESK,
  "case.transition": SERVICE_DESK,
  "dsr.request": ["STEWARD", "ADMIN"],
  "dsr.fulfil": ["STEWARD", "ADMIN"],
  // The export is the full record, unmasked: only the role that sees it in full downloads it.
  "dsr.export": ["STEWARD"],
  "segment.create": ["ANALYST", "STEWARD", "ADMIN"],
  "user.create": ["ADMIN"],
  "partner.manage": ["ADMIN"],
  // duplicateCandidates, mergePreview, mergeCustomers, unmergeCustomers, dismissDuplicate.
  "customer.merge": ["STEWARD"],
};

export function can(role: Role | undefined, action: Action): boolean {
  return role !== undefined && ACTIONS[action].includes(role);
}

export function pagesOf(role: Role | undefined): readonly ConsolePage[] {
  return role ? MENUS[role] : [];
}

/** The signed-in user's role and a `can(action)` bound to it. */
export function useRole() {
  const { permissions } = usePermissions<Role>();
  return { role: permissions, can: (action: Action) => can(permissions, action) };
}

/** Roles that never read direct identifiers: their pages show pseudonymous ids instead of names. */
export const PSEUDONYMOUS_ROLES: readonly Role[] = ["ANALYST", "AUDITOR"];
