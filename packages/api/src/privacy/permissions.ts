import type { Role } from "@tessera/schema/catalog";
import type { PartnerCapability, Principal } from "./principal.js";

export interface Access {
  /** Console roles allowed; "ALL" for every signed-in user. */
  roles: readonly Role[] | "ALL";
  /** Partner apps (API keys) allowed. */
  partners?: boolean;
  /** Allowed without credentials (only `login`). */
  anonymous?: boolean;
  /** Partner apps holding this capability (feeding systems), besides `partners`. */
  partnerCapability?: PartnerCapability;
}

const READ: Access = { roles: "ALL", partners: true };
const SERVICE_DESK: Access = { roles: ["STEWARD", "AGENT"] };
const ADMIN_ONLY: Access = { roles: ["ADMIN"] };
const AUDIT: Access = { roles: ["AUDITOR", "ADMIN"] };
/** Feed mutations (SPEC §8): stewards, admins and partner apps that are feeding systems (INTEGRATION). */
const FEED: Access = { roles: ["STEWARD", "ADMIN"], partnerCapability: "INTEGRATION" };
/**
 * Service-desk writes a channel app may also make (issue 14): a partner app holding the capability
 * of the same name. Which customers it may write about is the customer scope's business (a write
 * names a visible customer or gets NOT_FOUND, privacy/scope.ts); the channel is APP
 * (modules/partner/partner.writes.ts).
 */
const CHANNEL_WRITE = (capability: PartnerCapability): Access => ({ ...SERVICE_DESK, partnerCapability: capability });

/**
 * Who may call each root field. One table, checked once per request before anything runs;
 * a root field missing here is refused for everyone but the system principal, so a new
 * operation cannot ship without an access decision. What each caller then *sees* is the
 * catalog-driven policy's business (privacy/policy.ts).
 */
export const OPERATION_ACCESS: Record<string, Access> = {
  login: { roles: "ALL", partners: true, anonymous: true },
  me: READ,
  customer: READ,
  customers: READ,
  customerByIdentifier: READ,
  createCustomer: SERVICE_DESK,
  updateCustomer: SERVICE_DESK,
  addIdentifier: SERVICE_DESK,
  closeIdentifier: SERVICE_DESK,
  // Identity resolution is the data steward's work: it needs the full record of both sides.
  duplicateCandidates: { roles: ["STEWARD"] },
  mergePreview: { roles: ["STEWARD"] },
  mergeCustomers: { roles: ["STEWARD"] },
  unmergeCustomers: { roles: ["STEWARD"] },
  dismissDuplicate: { roles: ["STEWARD"] },
  recordConsent: CHANNEL_WRITE("RECORD_CONSENT"),
  logInteraction: CHANNEL_WRITE("LOG_INTERACTION"),
  ingestInteractions: FEED,
  upsertCustomers: FEED,
  upsertPlans: FEED,
  upsertSubscriptions: FEED,
  recordUsage: FEED,
  recordConsents: FEED,
  ingestFeedback: FEED,
  addIdentifiers: FEED,
  submitFeedback: CHANNEL_WRITE("SUBMIT_FEEDBACK"),
  users: ADMIN_ONLY,
  createUser: ADMIN_ONLY,
  disableUser: ADMIN_ONLY,
  enableUser: ADMIN_ONLY,
  setUserRole: ADMIN_ONLY,
  // Four eyes when it rises (grant.service setUserClearanceRequest); the table only says "an admin".
  setUserClearance: ADMIN_ONLY,
  resetUserPassword: ADMIN_ONLY,
  unlockUser: ADMIN_ONLY,
  changePassword: { roles: "ALL" },
  partnerApps: ADMIN_ONLY,
  createPartnerApp: ADMIN_ONLY,
  updatePartnerApp: ADMIN_ONLY,
  // Four eyes: the resolver refuses the requester; the table only says "an admin".
  pendingGrants: ADMIN_ONLY,
  approveGrant: ADMIN_ONLY,
  rejectGrant: ADMIN_ONLY,
  createApiKey: ADMIN_ONLY,
  revokeApiKey: ADMIN_ONLY,
  // Webhooks (SPEC §8): administrators for any partner; a partner app for its own (the service checks ownership).
  createWebhook: { roles: ["ADMIN"], partners: true },
  webhooks: { roles: ["ADMIN"], partners: true },
  webhookDeliveries: { roles: ["ADMIN"], partners: true },
  replayWebhookDelivery: { roles: ["ADMIN"], partners: true },
  auditEvents: AUDIT,
  auditChain: AUDIT,
  requestDataSubjectAction: { roles: ["STEWARD", "ADMIN"] },
  fulfilDataSubjectRequest: { roles: ["STEWARD", "ADMIN"] },
  rejectDataSubjectRequest: { roles: ["STEWARD", "ADMIN"] },
  dataSubjectRequests: { roles: ["STEWARD", "AUDITOR", "ADMIN"] },
  dataSubjectRequest: { roles: ["STEWARD", "AUDITOR", "ADMIN"] },
  // The export is the customer's full record, unmasked: only the role that sees it in full.
  dataSubjectExport: { roles: ["STEWARD"] },
  retentionPolicies: AUDIT,
  retentionPreview: AUDIT,
  openCase: CHANNEL_WRITE("OPEN_CASE"),
  transitionCase: SERVICE_DESK,
  cases: { roles: ["STEWARD", "AGENT", "ADMIN", "ANALYST"] },
  case: { roles: ["STEWARD", "AGENT", "ADMIN", "ANALYST"] },
  careTasks: { roles: ["STEWARD", "AGENT", "ADMIN"] },
  // Working the care queue is the service desk's job (complete logs an interaction, as logInteraction does).
  careAssignees: { roles: ["STEWARD", "AGENT", "ADMIN"] },
  completeCareTask: SERVICE_DESK,
  snoozeCareTask: SERVICE_DESK,
  assignCareTask: SERVICE_DESK,
  // Key accounts: account managers are service-desk users; admins may look at a portfolio.
  portfolio: { roles: ["STEWARD", "AGENT", "ADMIN"] },
  setKeyAccount: SERVICE_DESK,
  closeAccountWarning: SERVICE_DESK,
  // Households: anyone reading customers reads a household (members filtered by the customer scope); the service desk edits them.
  household: READ,
  createHousehold: SERVICE_DESK,
  addHouseholdMember: SERVICE_DESK,
  removeHouseholdMember: SERVICE_DESK,
  // Insight analytics: aggregates and segments (analysts' work), and the roles that manage the record.
  metrics: { roles: ["ANALYST", "STEWARD", "ADMIN"] },
  segments: { roles: ["ANALYST", "STEWARD", "ADMIN"] },
  segment: { roles: ["ANALYST", "STEWARD", "ADMIN"] },
  createSegment: { roles: ["ANALYST", "STEWARD", "ADMIN"] },
  refreshSegment: { roles: ["ANALYST", "STEWARD", "ADMIN"] },
  deleteSegment: { roles: ["ANALYST", "STEWARD", "ADMIN"] },
  // Audiences (issue 14): stewards and admins publish (a second admin approves); partners read their own.
  publishAudience: { roles: ["STEWARD", "ADMIN"] },
  unpublishAudience: { roles: ["STEWARD", "ADMIN"] },
  audiences: { roles: ["STEWARD", "ADMIN"], partners: true },
  audience: { roles: ["STEWARD", "ADMIN"], partners: true },
  // Relay refetch: anyone may ask; the answer is the type's own query's, under that query's access (node.service.ts).
  node: READ,
  // Introspection: any signed-in caller (the console and codegen read the schema).
  __schema: { roles: "ALL", partners: true },
  __type: { roles: "ALL", partners: true },
  __typename: { roles: "ALL", partners: true, anonymous: true },
};

/**
 * What a session holding an admin-set temporary password may call (users.mustChangePassword): the
 * admin knows that password, so nothing else works until the user has chosen their own.
 */
export const WHILE_PASSWORD_CHANGE_REQUIRED: ReadonlySet<string> = new Set(["changePassword", "me", "__typename"]);

export function mayCall(principal: Principal, rootField: string): boolean {
  if (principal.kind === "SYSTEM") return true;
  if (principal.kind === "USER" && principal.mustChangePassword && !WHILE_PASSWORD_CHANGE_REQUIRED.has(rootField)) return false;
  const access = OPERATION_ACCESS[rootField];
  if (!access) return false;
  if (principal.kind === "ANONYMOUS") return Boolean(access.anonymous);
  if (principal.kind === "PARTNER") return Boolean(access.partners || (access.partnerCapability && principal.capabilities.includes(access.partnerCapability)));
  return access.roles === "ALL" || access.roles.includes(principal.role);
}

/**
 * A channel app records consent decisions only about what its own contract covers: a purpose it
 * holds, and sharing (THIRD_PARTY_SHARING) only with itself — it may not grant data to another
 * partner or decide about purposes it has no part in. Decided from the principal and the input
 * only, never from data, so a refusal tells nothing about any customer. Console users: no limit here.
 */
export function mayRecordConsentAbout(principal: Principal, consent: { purpose: string; partnerId?: string | null }): boolean {
  if (principal.kind !== "PARTNER") return true;
  if (!(principal.allowedPurposes as readonly string[]).includes(consent.purpose)) return false;
  return consent.partnerId == null || consent.partnerId === principal.partnerId;
}

/** Who may see a customer's `accessLog` (the audit events naming it); others get an empty list. */
export function mayReadAccessLog(principal: Principal): boolean {
  return principal.kind === "SYSTEM" || (principal.kind === "USER" && ["AUDITOR", "ADMIN", "STEWARD"].includes(principal.role));
}
