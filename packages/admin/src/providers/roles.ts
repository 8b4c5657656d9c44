import { OPERATION_ACCESS, type Operation } from "@tessera/schema/access";
import { CATALOG, ROLE_MATRIX, ROLES, staffTreatment, type CatalogType, type Category, type PersonalField } from "@tessera/schema/catalog";
import { usePermissions } from "react-admin";
import type { Role } from "../generated/graphql";
import { MENUS, type ConsolePage } from "./menus";

export { MENUS, PAGE_OPERATIONS, type ConsolePage } from "./menus";

/** Each console action is the API operations it calls; a role may act when it may call all of them. */
const ACTION_OPERATIONS = {
  "customer.create": ["createCustomer"],
  "customer.edit": ["updateCustomer"],
  "consent.record": ["recordConsent"],
  "interaction.log": ["logInteraction"],
  "case.open": ["openCase"],
  "case.transition": ["transitionCase"],
  "careTask.work": ["completeCareTask", "snoozeCareTask", "assignCareTask", "careAssignees"],
  "dsr.request": ["requestDataSubjectAction"],
  "dsr.fulfil": ["fulfilDataSubjectRequest", "rejectDataSubjectRequest"],
  // The export is the full record, unmasked: only the role that sees it in full downloads it.
  "dsr.export": ["dataSubjectExport"],
  "segment.create": ["createSegment"],
  "user.create": ["createUser"],
  "partner.manage": ["createPartnerApp", "updatePartnerApp", "createApiKey", "revokeApiKey"],
  "customer.merge": ["duplicateCandidates", "mergePreview", "mergeCustomers", "unmergeCustomers", "dismissDuplicate"],
  "grant.decide": ["pendingGrants", "approveGrant", "rejectGrant"],
  "user.manage": ["setUserRole", "setUserClearance", "disableUser", "enableUser", "unlockUser", "resetUserPassword"],
  // The 360's key-account tab is for the roles that work key accounts (their portfolio).
  "keyAccount.view": ["portfolio"],
  "keyAccount.closeWarning": ["closeAccountWarning"],
} as const satisfies Record<string, readonly Operation[]>;

/** Searching matches name, phone and email: a filter is a read, so only roles reading them in full may search. */
const SEARCHED_CATEGORIES: readonly Category[] = ["DIRECT_IDENTIFIER", "CONTACT"];

export type Action = keyof typeof ACTION_OPERATIONS | "customer.search";

/** May a console user with this role call the operation (the API's access table)? */
export function roleMayCall(role: Role, operation: Operation): boolean {
  const roles: readonly string[] | "ALL" = OPERATION_ACCESS[operation].roles;
  return roles === "ALL" || roles.includes(role);
}

export function can(role: Role | undefined, action: Action): boolean {
  if (role === undefined) return false;
  if (action === "customer.search") return roleMayCall(role, "customers") && SEARCHED_CATEGORIES.every((c) => ROLE_MATRIX[role][c] === "FULL");
  return ACTION_OPERATIONS[action].every((operation) => roleMayCall(role, operation));
}

export function pagesOf(role: Role | undefined): readonly ConsolePage[] {
  return role ? MENUS[role] : [];
}

/** The signed-in user's role and a `can(action)` bound to it. */
export function useRole() {
  const { permissions } = usePermissions<Role>();
  return { role: permissions, can: (action: Action) => can(permissions, action) };
}

/** Roles that read no direct identifier (catalog role matrix): their pages show pseudonymous ids instead of names. */
export const PSEUDONYMOUS_ROLES: readonly Role[] = ROLES.filter((role) => ROLE_MATRIX[role].DIRECT_IDENTIFIER === "NULL");

/**
 * Does a console role read this catalog field in full? The API's Policy.readsInFull for staff under
 * SERVICE (the console's purpose): only then may the role filter or sort on the field, since a
 * filter or an order on a field it may not read would reveal the field. The API refuses the rest.
 */
export function roleReadsInFull<T extends CatalogType>(role: Role | undefined, type: T, field: keyof (typeof CATALOG)[T] & string): boolean {
  if (role === undefined) return false;
  const entry = CATALOG[type][field] as PersonalField | { category: "NONE" };
  if (entry.category === "NONE") return true;
  return entry.purposes.includes("SERVICE") && staffTreatment(role, entry) === "FULL";
}
