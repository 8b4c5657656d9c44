import type { Treatment } from "@tessera/schema/catalog";
import type { GrantKind } from "../generated/graphql";

/**
 * English messages of the approvals (four eyes), import and export pages; merged into
 * appMessages in en.ts, so zh-CN.data.ts must translate every key here as well.
 */
export const dataResources = {
  grants: { name: "Pending approval |||| Pending approvals" },
};

export const dataMessages = {
  grants: {
    title: "Pending approvals",
    intro:
      "Changes that widen access to personal data — a user given a role that reads more, a partner app given more purposes, fields or capabilities — wait here until a second administrator approves them. Nobody decides a request they made.",
    empty: "No change is waiting for approval.",
    kind: { USER_ROLE: "Console user", PARTNER_ACCESS: "Partner app", AUDIENCE: "Audience" } satisfies Record<GrantKind, string>,
    audience: "Publishes the segment's members to this partner under %{purpose}: it will read those who consented to it, with its allowlisted fields, and hear when they enter or leave.",
    requested: "asked by %{by}, %{at}",
    yours: "Your request",
    roleChange: "Role %{from} → %{to}",
    newUser: "New user with the role %{role}",
    treatment: { FULL: "in full", MASK: "masked", NULL: "none" } satisfies Record<Treatment, string>,
    freeText: "Free text (notes, summaries)",
    adminGrants: "An administrator can create users and partner apps and ask for further grants.",
    newPartner: "New partner app: its keys work only once approved.",
    partnerWidened: "Would gain:",
    purposes: "Purposes",
    fields: "Fields",
    capabilities: "Capabilities",
    capability: { INTEGRATION: "Feeding system (feed mutations)" },
    approve: "Approve",
    reject: "Reject",
    rejectTitle: "Reject the request for %{target}",
    reason: "Reason (optional)",
    reasonHelp: "Kept with the request; do not write customer data here.",
    approved: "Approved: %{target} now has the requested access.",
    rejected: "Rejected: %{target} keeps its current access.",
    ownRequest: "You asked for this change yourself: another administrator must approve or reject it (four eyes).",
    alreadyDecided: "Another administrator has already decided this request. Reload the page.",
    apiSaid: "API: %{code} — %{message}",
  },
};
