/**
 * A feed or ingest item's problem in words (@tessera/schema/problems templates). It names the
 * field and may quote the caller's own input value back (a malformed number, an unknown
 * identifier); the marketing-contact cap also states how many marketing contacts the customer
 * had in the window and when the next is allowed, which the sender needs to reschedule.
 */
const ITEM_ERROR_MESSAGE =
  "The problem in words: names the field, may quote the caller's own input value back, and for the marketing-contact cap states the customer's contact count in the window and the next allowed time (the sender's own events).";

/**
 * String and JSON fields of GraphQL types that carry no data about a customer, each with the
 * reason. Together with the data catalog (catalog.ts) this accounts for every String/JSON field
 * reachable in the schema: catalog-completeness.test.ts walks the schema and fails on any field
 * that is neither classified in the catalog nor listed here with a reason. A type listed here
 * must not start carrying customer data; if it does, move it to the catalog.
 */
export const NON_CUSTOMER_FIELDS: Record<string, Record<string, string>> = {
  AuditEvent: {
    principal: "The staff user or partner app that acted (a label), not the customer.",
    principalKind: "USER, PARTNER or SYSTEM.",
    role: "The acting user's role.",
    operation: "The GraphQL operation name chosen by the client application.",
    fields: "Catalog field names (`Customer.phone`), never values.",
    requestId: "Random id of the request.",
    hash: "Keyed hash (HMAC under the chain key) of the audit row: the chain.",
    prevHash: "Hash of the previous audit row.",
    changes: "Before/after of changed fields; personal values appear only as keyed `hmac:` hashes under the customer's data key (audit.collector.ts diffForAudit, audit/keys.ts).",
  },
  AuditChainStatus: {
    lastHash: "Hash at the head of the audit chain.",
    reason: "Why verification failed, in the verifier's words (ids and positions only).",
  },
  PageInfo: {
    startCursor: "Sealed cursor (graphql/cursor.ts): opaque, reveals no sort value.",
    endCursor: "Sealed cursor (graphql/cursor.ts): opaque, reveals no sort value.",
  },
  Plan: {
    code: "Product code of a tariff plan.",
    name: "Product name of a tariff plan.",
  },
  ChurnReason: {
    evidence: "Part of Insight.churnRisk: released or withheld whole with that catalog field.",
  },
  DataSubjectExport: {
    document:
      "The customer's own full record, delivered to the data subject: only STEWARD may call dataSubjectExport (permissions.ts) and every download is audited as EXPORT.",
    sha256: "Hash of the delivered document.",
  },
  Portfolio: {
    accountManager: "The staff username whose portfolio this is.",
  },
  Me: {
    kind: "USER or PARTNER.",
    name: "The signed-in staff user's or partner app's own name.",
  },
  MetricsRow: {
    key: "Month, region, city, channel, tier, aspect or segment id of an aggregate group (checked by the grouping's argument reads).",
    label: "Name of an aggregate group.",
  },
  ApiKey: { keyId: "Public id of a partner API key." },
  IssuedApiKey: { key: "The partner API key, shown once to the admin who issues it." },
  Webhook: { url: "The partner's own endpoint URL (an address of its system, not of a customer)." },
  CreatedWebhook: { secret: "The webhook's signing secret, shown once to whoever registers it." },
  WebhookDelivery: {
    lastError: "Why the last attempt failed: an HTTP status, a timeout or a connection error of the partner's endpoint; no customer value.",
  },
  PartnerApp: {
    name: "Name of a partner organisation's app.",
    fieldAllowlist: "Catalog field names the partner may read.",
  },
  RetentionPolicy: {
    action: "What retention does (rule vocabulary).",
    basis: "Legal basis of the retention period (rule text).",
    description: "Rule text.",
    note: "Rule text.",
  },
  RetentionStep: {
    action: "What retention does (rule vocabulary).",
    key: "Retention key.",
    note: "Counts and rule text.",
  },
  RetentionFieldCount: { field: "A catalog field name, or a record type (`WebhookDelivery.*`)." },
  Segment: {
    name: "Name an analyst gave a segment of many customers.",
    createdBy: "Staff label.",
    definition: "Filter tree over catalog fields (values of a segment, not of a customer); reading members checks each field (segment.definition.ts).",
  },
  Audience: {
    name: "The published segment's name (Segment.name: an analyst's name for a group of many customers).",
    partnerName: "Partner app name.",
  },
  CareAssignee: {
    username: "Staff account name (a steward or agent a care task may be assigned to).",
    displayName: "Staff display name, not customer data.",
  },
  User: {
    username: "Staff account name.",
    displayName: "Staff display name (staff data, ADMIN only), not customer data.",
  },
  Session: { token: "The caller's own signed session token." },
  GrantRequest: {
    targetName: "Staff account or partner app name.",
    current: "A role or a partner contract (purposes, catalog field names, capabilities): access rules, no customer data.",
    proposed: "A role or a partner contract (purposes, catalog field names, capabilities): access rules, no customer data.",
    requestedBy: "Staff label.",
    decidedBy: "Staff label.",
    reason: "An admin's reason for rejecting an access grant (staff text about staff access, ADMIN only).",
  },
  FieldConflict: {
    survivorValue:
      "A Customer field's value as the caller may read it: merge.service.ts takes it from the Customer record after the policy released it (findCustomer), so the named Customer field's catalog entry governs masking; never stored.",
    mergedValue:
      "A Customer field's value as the caller may read it: merge.service.ts takes it from the Customer record after the policy released it (findCustomer), so the named Customer field's catalog entry governs masking; never stored.",
    defaultNote: "How the merge combines two values (for special-care flags and security level only: product enums and a 1–5 level).",
  },
  MoveCount: {
    table: "Name of a database table.",
    action: "MOVE, COMBINE or KEEP: the merge rule of that table.",
    note: "The rule's explanation from identity.rules.ts.",
  },
  ConsentConflict: {
    purpose: "A purpose of processing (product enum).",
    channel: "A contact channel (product enum).",
    survivorStatus: "GRANTED, DENIED or WITHDRAWN.",
    mergedStatus: "GRANTED, DENIED or WITHDRAWN.",
    resultStatus: "GRANTED, DENIED or WITHDRAWN.",
  },
  MergePreview: {
    warnings: "Fixed sentences about the records' state (erased, merged, restricted), naming ids only.",
  },
  CustomerMerge: {
    mergedBy: "The staff user who merged (a principal label), not the customer.",
    undoneBy: "The staff user who undid the merge (a principal label), not the customer.",
  },
  FeedItemError: {
    externalId: "Echo of the caller's own input.",
    field: "Input path of the problem.",
    message: ITEM_ERROR_MESSAGE,
    code: "A problem code from the fixed list of @tessera/schema/problems: no data.",
    params: "The values `message` is built from, split out: nothing the message does not already say.",
  },
  IngestItemError: {
    externalId: "Echo of the caller's own input.",
    field: "Input path of the problem.",
    message: ITEM_ERROR_MESSAGE,
  },
};

/** Every connection edge's `cursor`: sealed by graphql/cursor.ts. */
export const EDGE_CURSOR_REASON = "Sealed cursor (graphql/cursor.ts): opaque, reveals no sort value.";
