import type { Operation } from "@tessera/schema/access";
import type { Role } from "../generated/graphql";

/**
 * The console's pages and each role's menu (plain data, no React: the browser test reads it to visit
 * every role's pages). What each console role works on and may do is derived from the API's own access table
 * (`@tessera/schema/access`, written by `pnpm tessera schema` from privacy/permissions.ts) and the
 * catalog's role matrix: the console restates neither. The API stays the authority (it refuses
 * anything else with FORBIDDEN); this only keeps menus and buttons to what the role can use.
 */
export type ConsolePage =
  | "dashboard"
  | "customers"
  | "cases"
  | "careTasks"
  | "segments"
  | "auditEvents"
  | "dataSubjectRequests"
  | "users"
  | "partnerApps"
  | "duplicates"
  | "grants"
  | "import"
  | "portfolio";

/** The operation each page lists with: a role may only have pages whose operation it may call (roles.test.ts). */
export const PAGE_OPERATIONS: Record<ConsolePage, Operation> = {
  dashboard: "metrics",
  customers: "customers",
  cases: "cases",
  careTasks: "careTasks",
  segments: "segments",
  auditEvents: "auditEvents",
  dataSubjectRequests: "dataSubjectRequests",
  users: "users",
  partnerApps: "partnerApps",
  duplicates: "duplicateCandidates",
  grants: "pendingGrants",
  // Every feed mutation has the same access; the page imports whichever entity the file holds.
  import: "upsertCustomers",
  portfolio: "portfolio",
};

/**
 * The menu of each role, in order; the first page is where the role lands after sign-in. Which of
 * the pages a role may open is the access table's decision; which of those it works on (and their
 * order) is the console's.
 */
export const MENUS: Record<Role, readonly ConsolePage[]> = {
  STEWARD: ["customers", "duplicates", "cases", "careTasks", "portfolio", "dataSubjectRequests", "import"],
  AGENT: ["customers", "cases", "careTasks", "portfolio"],
  ANALYST: ["dashboard", "customers", "segments"],
  AUDITOR: ["auditEvents", "dataSubjectRequests", "customers"],
  ADMIN: ["dashboard", "users", "partnerApps", "grants", "customers", "cases", "careTasks", "segments", "auditEvents", "dataSubjectRequests"],
};
