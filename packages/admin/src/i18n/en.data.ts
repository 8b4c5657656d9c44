import type { Treatment } from "@tessera/schema/catalog";
import type { ImportEntity } from "../dataImport/ImportPage";
import type { GrantKind } from "../generated/graphql";

/**
 * English messages of the approvals (four eyes), import and export pages; merged into
 * appMessages in en.ts, so zh-CN.data.ts must translate every key here as well.
 */
export const dataResources = {
  grants: { name: "Pending approval |||| Pending approvals" },
  import: { name: "Import data |||| Import data" },
};

export const dataMessages = {
  grants: {
    title: "Pending approvals",
    intro:
      "Changes that widen access to personal data — a user given a role that reads more, a partner app given more purposes, fields or capabilities — wait here until a second administrator approves them. Nobody decides a request they made.",
    empty: "No change is waiting for approval.",
    kind: { USER_ROLE: "Console user", USER_CLEARANCE: "User clearance", PARTNER_ACCESS: "Partner app", AUDIENCE: "Audience" } satisfies Record<GrantKind, string>,
    audience: "Publishes the segment's members to this partner under %{purpose}: it will read those who consented to it, with its allowlisted fields, and hear when they enter or leave.",
    requested: "asked by %{by}, %{at}",
    yours: "Your request",
    roleChange: "Role %{from} → %{to}",
    clearanceChange: "Clearance %{from} → %{to}: records up to security level %{to} become visible to this user.",
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
  import: {
    title: "Import data",
    intro:
      "Load a file exported from a billing, CRM or survey system. Check it first: nothing is written, and every row that would be refused is listed with its line, column and reason. Apply then writes the valid rows in your name; running the same file again changes nothing.",
    entity: "What the file holds",
    entities: {
      customers: "Customers",
      identifiers: "Identifiers (numbers, accounts, devices)",
      plans: "Tariff plans",
      subscriptions: "Subscriptions",
      usage: "Monthly usage and bills",
      consents: "Consents",
      interactions: "Interactions",
      feedback: "Feedback and surveys",
    } satisfies Record<ImportEntity, string>,
    choose: "Choose file",
    noFile: "No file chosen",
    chosen: "%{name} (%{size} KB)",
    formats: "CSV with a header row (UTF-8) or NDJSON, optionally .gz. The columns of each kind of file are listed in docs/import.md.",
    check: "Check file",
    apply: "Apply",
    checkFirst: "Check the file before applying it.",
    checking: "Checking… %{rows} rows read",
    applying: "Importing… %{rows} rows read",
    failed: "The import stopped: %{message}",
    checked: "Checked %{entity} in %{seconds} s: nothing was written.",
    applied: "Imported %{entity} in %{seconds} s.",
    readyToApply: "Every row is valid: apply to write them.",
    rejectsStay: "Applying writes the valid rows; the rejected ones below are left out — fix them in the source and import the file again.",
    count: { read: "Read", valid: "Valid", inserted: "New", updated: "Updated", unchanged: "Unchanged", rejected: "Rejected" },
    rejects: "Rejected rows",
    rejectsFirst: "The first %{listed} of %{total} rejected rows",
    line: "Line",
    column: "Column",
    reason: "Reason",
  },
  export: {
    csv: "Export CSV",
    running: "Exporting…",
    help: "Downloads every record you may see, as you see it; the download is recorded in the audit log.",
    failed: "The export failed: %{message}",
  },
};
