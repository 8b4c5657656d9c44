import { CATALOG, type CatalogType, type PersonalField } from "@tessera/schema/catalog";
import { eq, getTableColumns, getTableName, inArray, isNotNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client.js";
import { accountWarnings, keyAccounts } from "../account/account.table.js";
import { cases } from "../case/case.table.js";
import { careTasksForExport } from "../care/care.service.js";
import { careTaskStates } from "../care/care.table.js";
import { selectCurrentConsents } from "../consent/consent.queries.js";
import { consentEvents } from "../consent/consent.table.js";
import { customers } from "../customer/customer.table.js";
import { dataSubjectRequests } from "./dsr.table.js";
import { feedback } from "../feedback/feedback.table.js";
import { selectHouseholdsOfCustomer } from "../household/household.queries.js";
import { householdMembers } from "../household/household.table.js";
import { identifiers } from "../identity/identity.table.js";
import { duplicateCandidates, duplicateDismissals } from "../identity/merge.table.js";
import { insightForExport } from "../insight/insight.service.js";
import { customerInsight } from "../insight/insight.table.js";
import { interactions } from "../interaction/interaction.table.js";
import { subscriptions } from "../subscription/subscription.table.js";
import { usageMonths } from "../usage/usage.table.js";
import { STOP_NOTICES } from "../webhook/webhook.rules.js";
import { outboxEvents, webhookDeliveries } from "../webhook/webhook.table.js";
import { selectOwnedRows, selectSubscriptionsWithPlan } from "./dsr.queries.js";

/**
 * What erasure does with the rows of a catalog type (SPEC §4.7):
 * - CLEAR_ALL_PERSONAL: every personal field cleared (the profile);
 * - CLEAR_IDENTIFYING: identifying fields (direct identifiers, contact, sensitive) and free text
 *   cleared; the row stays as an anonymous aggregate (counts per channel, scores, plan, dates);
 * - DELETE_ROWS: rows deleted (a row that is nothing but an identifier), but for those its `spare`
 *   selects;
 * - BILLING_HOLD: rows deleted unless under a legal hold (dsr.rules.ts LEGAL_HOLD);
 * - KEEP_AS_PROOF: kept unchanged (the consent ledger proves what the customer agreed to; its
 *   receipts name the customer by id only);
 * - EMBEDDED: stored inside another type's rows (a case's history); its `scrub` clears it;
 * - DERIVED: nothing stored; follows from other rows.
 * Any rule may add a `scrub`: personal text inside a JSON column that column-wise clearing cannot
 * reach (the notice text of a kept consent receipt, notes inside a case's history).
 */
export type ErasureRule = "CLEAR_ALL_PERSONAL" | "CLEAR_IDENTIFYING" | "DELETE_ROWS" | "BILLING_HOLD" | "KEEP_AS_PROOF" | "EMBEDDED" | "DERIVED";

export interface CatalogHandling {
  /** Everything held of this type about one customer, unmasked, for the ACCESS export (absent: computed at read time). */
  load?: (db: DbOrTx, customerId: string) => Promise<Record<string, unknown>[]>;
  /**
   * Where the rows are stored; absent for derived types. `of` selects the customer's rows where
   * `customerId = id` alone would not use an index, or where another column names the customer
   * too (absent: that condition); `alsoBy` lists those other columns.
   */
  storage?: { table: PgTable; customerId: PgColumn; key: PgColumn; of?: (customerId: string) => SQL; alsoBy?: PgColumn[] };
  erasure: ErasureRule;
  /** DELETE_ROWS: the customer's rows the rule leaves in place (the evidence counts them as rowsKept). */
  spare?: SQL;
  /** Clears personal text held inside JSON of the customer's rows; answers the rows changed. */
  scrub?: (db: DbOrTx, customerId: string) => Promise<number>;
}

/** Updates answering their row count, on both drivers. */
async function updated(db: DbOrTx, statement: SQL): Promise<number> {
  const result = (await db.execute(statement)) as unknown as { count?: number; affectedRows?: number; rowCount?: number };
  return Number(result.count ?? result.affectedRows ?? result.rowCount ?? 0);
}

const owned = (table: PgTable, customerId: PgColumn, key: PgColumn, ...orderBy: PgColumn[]) => ({
  storage: { table, customerId, key },
  load: (db: DbOrTx, id: string) => selectOwnedRows(db, table, customerId, id, orderBy.length ? orderBy : [key]),
});

/**
 * How export and erasure treat the types of the data catalog. Personal fields are read from the
 * catalog, so a new field is exported and erased without touching this file. A new catalog type
 * whose personal fields are all DERIVED (computed at read time) needs no entry; any other new
 * type makes `handlingOf` throw (export and erasure fail closed) and dsr.catalog.test.ts fail
 * until its rule is written here.
 */
const HANDLING: Partial<Record<CatalogType, CatalogHandling>> = {
  Customer: { ...owned(customers, customers.id, customers.id), erasure: "CLEAR_ALL_PERSONAL" },
  Identifier: { ...owned(identifiers, identifiers.customerId, identifiers.id, identifiers.type, identifiers.validFrom), erasure: "DELETE_ROWS" },
  Subscription: {
    ...owned(subscriptions, subscriptions.customerId, subscriptions.id),
    load: (db, id) => selectSubscriptionsWithPlan(db, id),
    erasure: "CLEAR_IDENTIFYING",
  },
  // The dossier names people (the technical contact) and places (sites): cleared; the tier stays as an anonymous aggregate.
  KeyAccount: { ...owned(keyAccounts, keyAccounts.customerId, keyAccounts.customerId), erasure: "CLEAR_IDENTIFYING" },
  // The analysis note (free text) is cleared; the warning stays as a record of the fee drop (month, service, figures, cause code).
  AccountWarning: { ...owned(accountWarnings, accountWarnings.customerId, accountWarnings.id, accountWarnings.month, accountWarnings.id), erasure: "CLEAR_IDENTIFYING" },
  // A household is not one customer's row: its name (often the family's surname) is the head's to erase, so erasing
  // the head clears it (the scrub runs before HouseholdMember below deletes the memberships); export lists the customer's households.
  Household: {
    load: (db, id) => selectHouseholdsOfCustomer(db, id),
    erasure: "EMBEDDED",
    scrub: (db, id) =>
      updated(
        db,
        sql`update households set name = null where name is not null and id in (
            select household_id from household_members where customer_id = ${id}::uuid and role = 'HEAD' and left_on is null)`,
      ),
  },
  // A membership is nothing but a relationship of the person (relation, family number): deleted, the erased customer leaves the family.
  HouseholdMember: { ...owned(householdMembers, householdMembers.customerId, householdMembers.id, householdMembers.joinedOn, householdMembers.id), erasure: "DELETE_ROWS" },
  UsageMonth: { ...owned(usageMonths, usageMonths.customerId, usageMonths.month, usageMonths.month), erasure: "BILLING_HOLD" },
  // Kept as proof of what was agreed (receipt hash kept); the notice text inside the receipt is free text and is scrubbed.
  ConsentEvent: {
    ...owned(consentEvents, consentEvents.customerId, consentEvents.id, consentEvents.capturedAt, consentEvents.id),
    erasure: "KEEP_AS_PROOF",
    scrub: (db, id) =>
      updated(
        db,
        sql`update consent_events set evidence = jsonb_set(evidence, '{notice,text}', 'null'::jsonb)
          where customer_id = ${id}::uuid and jsonb_typeof(evidence -> 'notice' -> 'text') = 'string'`,
      ),
  },
  ConsentState: {
    load: async (db, id) => (await selectCurrentConsents(db, [id])).map(({ id: eventId, ...state }) => ({ ...state, eventId })),
    erasure: "DERIVED",
  },
  Interaction: { ...owned(interactions, interactions.customerId, interactions.id, interactions.occurredAt, interactions.id), erasure: "CLEAR_IDENTIFYING" },
  Case: { ...owned(cases, cases.customerId, cases.id, cases.openedAt, cases.id), erasure: "CLEAR_IDENTIFYING" },
  // Transition notes live in cases.history: each note is set to null, the steps (who, when, which action) stay.
  CaseTransition: {
    erasure: "EMBEDDED",
    scrub: (db, id) =>
      updated(
        db,
        sql`update cases set history = (
            select jsonb_agg(case when jsonb_typeof(step -> 'note') = 'string' then jsonb_set(step, '{note}', 'null'::jsonb) else step end order by n)
            from jsonb_array_elements(cases.history) with ordinality as h(step, n))
          where customer_id = ${id}::uuid and jsonb_path_exists(history, '$[*].note ? (@.type() == "string")')`,
      ),
  },
  DataSubjectRequest: {
    ...owned(dataSubjectRequests, dataSubjectRequests.customerId, dataSubjectRequests.id),
    // A stored export is a copy of the other types' rows, not data of its own: listed with it, each
    // export would hold every earlier one (and double in size each time). Its sha256 and row counts
    // stay in the evidence.
    load: (db, id) =>
      selectOwnedRows(db, dataSubjectRequests, dataSubjectRequests.customerId, id, [dataSubjectRequests.receivedAt, dataSubjectRequests.id], {
        omit: ["exportDocument"],
      }),
    erasure: "CLEAR_IDENTIFYING",
  },
  Feedback: { ...owned(feedback, feedback.customerId, feedback.id, feedback.submittedAt, feedback.id), erasure: "CLEAR_IDENTIFYING" },
  // Computed from the record when read (birthdays, contract ends, quotas, care flags) and exported so. What is stored is a
  // task's work state (assignee, snooze) keyed by kind and due day, which still tells a birthday or a special-care flag: deleted.
  CareTask: {
    load: (db, id) => careTasksForExport(db, id),
    storage: { table: careTaskStates, customerId: careTaskStates.customerId, key: careTaskStates.id },
    erasure: "DELETE_ROWS",
  },
  // Stored profiling of the person (value tier, churn risk and its evidence): dropped at erasure, a refresh recomputes it from what is left.
  Insight: {
    load: (db, id) => insightForExport(db, id),
    storage: { table: customerInsight, customerId: customerInsight.customerId, key: customerInsight.customerId },
    erasure: "DELETE_ROWS",
  },
};

/** A table of customer pairs (customer_a, customer_b): the customer's rows are those naming it on either side. */
function pairStorage(table: typeof duplicateCandidates | typeof duplicateDismissals): NonNullable<CatalogHandling["storage"]> {
  return {
    table,
    customerId: table.customerA,
    key: table.customerA,
    // customer_a leads the primary key; customer_b is scanned, as a merge's deleteCandidatesOf does.
    of: (id) => sql`(${table.customerA} = ${id}::uuid or ${table.customerB} = ${id}::uuid)`,
    alsoBy: [table.customerB],
  };
}

/** A pending delivery of a notice telling the partner to stop or forget (webhook.rules.ts STOP_NOTICES). */
const pendingStopNotice = sql`${webhookDeliveries.status} = 'PENDING' and exists (
  select 1 from ${outboxEvents} where ${outboxEvents.id} = ${webhookDeliveries.eventId} and ${inArray(outboxEvents.type, [...STOP_NOTICES])})`;

/**
 * Stored records about a customer outside the catalog: no GraphQL type serves them field by field,
 * so the catalog (which classifies GraphQL fields) has no type for them, yet they name the customer
 * and tell things about them. Erasure walks them after the catalog types, by the same rules, audited
 * and reported the same way; their rule is DELETE_ROWS, and the audit names them `Type.*` as
 * retention does. With the catalog's storages, ERASED_ELSEWHERE and REFERENCES_KEPT they account
 * for every column referencing a customer (dsr.erasure.test.ts walks the database).
 */
const RECORDS = {
  /**
   * The outbound-event log (modules/webhook): per event its type, when, the changed field names, a
   * consent decision, case ids and statuses, a churn level, audience and merge ids, the partners it
   * went to; per delivery the partner, webhook, attempts, HTTP status and error (response bodies are
   * never stored). Settled deliveries (DELIVERED, DEAD) go, and every event with them, whatever its
   * type. A pending delivery carries the event's stored `data` out when it is sent (the customer's
   * fields are read at sending and an erased customer has none for a partner, the `data` is not), so
   * the pending events about the customer go too (a CUSTOMER_UPDATED, CONSENT_CHANGED or
   * CHURN_RISK_HIGH queued before the erasure): the erasure notice supersedes them (whatever the
   * partner holds about the customer, it must erase). Only the pending deliveries of stop notices stay (GDPR Art. 19:
   * CUSTOMER_ERASED, CUSTOMER_RESTRICTED, AUDIENCE_MEMBER_REMOVED), with their events: the partner
   * still hears to stop, in order. The CUSTOMER_ERASED notice of this erasure is emitted after the
   * walk (dsr.erasure.ts), and would be spared too. Deliveries first: deleting an event takes its
   * deliveries along (foreign key) uncounted.
   */
  WebhookDelivery: {
    storage: {
      table: webhookDeliveries,
      customerId: webhookDeliveries.customerId,
      key: webhookDeliveries.id,
      // No index leads with the delivery's customer id: through the customer's events (both lookups indexed).
      of: (id) => sql`${webhookDeliveries.customerId} = ${id}::uuid and ${webhookDeliveries.eventId} in (select ${outboxEvents.id} from ${outboxEvents} where ${outboxEvents.customerId} = ${id}::uuid)`,
    },
    erasure: "DELETE_ROWS",
    spare: pendingStopNotice,
  },
  OutboxEvent: {
    storage: { table: outboxEvents, customerId: outboxEvents.customerId, key: outboxEvents.id },
    erasure: "DELETE_ROWS",
    // A stop notice with a delivery still pending; its settled deliveries went above.
    spare: sql`${inArray(outboxEvents.type, [...STOP_NOTICES])} and exists (
      select 1 from ${webhookDeliveries} where ${webhookDeliveries.eventId} = ${outboxEvents.id} and ${webhookDeliveries.status} = 'PENDING')`,
  },
  /**
   * Pairs the match rules found (identity.rules.ts): that the customer shares a national id, a
   * phone, an email, or name, birth date and city with another record, scored. An erased record
   * is never live, so it is never listed or paired again, but the stored pair told it until the
   * next full refresh (`tessera duplicates refresh`): deleted, with the other record's side of it.
   */
  DuplicateCandidate: { storage: pairStorage(duplicateCandidates), erasure: "DELETE_ROWS" },
  /**
   * A steward's decision that the customer and another record are two people ("not a duplicate"),
   * kept so refreshes never pair them again: it still told that the two records looked alike. An
   * erased record is never paired again, so nothing needs it; the decision itself stays in the
   * audit trail (dismissDuplicate). Deleted.
   */
  DuplicateDismissal: { storage: pairStorage(duplicateDismissals), erasure: "DELETE_ROWS" },
} satisfies Record<string, CatalogHandling & { erasure: "DELETE_ROWS" }>;

export type RecordType = keyof typeof RECORDS;
export const RECORD_TYPES = Object.keys(RECORDS) as RecordType[];
/** A type erasure walks: a catalog type, or a stored record outside the catalog. */
export type ErasedType = CatalogType | RecordType;

const isRecord = (type: ErasedType): type is RecordType => Object.hasOwn(RECORDS, type);

/**
 * Columns referencing a customer (`table.column`) that erasure handles otherwise than as a type's
 * storage, and how. With the storages and REFERENCES_KEPT, they account for every foreign key to
 * customers(id) and every uuid column named like `customer`: dsr.erasure.test.ts walks the
 * database and fails on a column that is in none of them.
 */
export const ERASED_ELSEWHERE: Record<string, string> = {
  "customer_keys.customer_id": "the customer's data key is destroyed after the ERASE audit row used it (audit/keys.ts shredCustomerKey, crypto-shredding)",
  "usage_charges.customer_id": "a billing month's per-service charges: deleted with their month (foreign key, on delete cascade), held with it under a legal hold",
  "audience_members.customer_id":
    "the erased customer leaves every audience when its CUSTOMER_ERASED notice re-evaluates them (webhook/outbox.ts followAudiences), and each audience's partner is sent AUDIENCE_MEMBER_REMOVED",
  "customers.merged_into":
    "a record merged into the erased customer (a tombstone of the same person) is erased with it (dsr.erasure.ts eraseCustomer); the reference stays, so the tombstone's id still answers mergedInto",
};

/**
 * Columns referencing a customer that erasure leaves as they are, and why: each holds an id only,
 * and keeping it is the point of the row.
 */
export const REFERENCES_KEPT: Record<string, string> = {
  "customer_merges.survivor_id":
    "the merge record is kept as proof of the merge (who, when, which rows moved, by id); its copies of both profiles are cleared at erasure (identity/merge.queries.ts clearMergeSnapshotsOf), so it can no longer be undone",
  "customer_merges.merged_id": "as customer_merges.survivor_id: the merge record, kept as proof, its profile copies cleared",
  "key_accounts.group_id":
    "a branch's dossier naming its group account: the branch's own structure (an erased group shows as erased); an erased branch's dossier is cleared (KeyAccount, CLEAR_IDENTIFYING) and keeps its group as part of the anonymous aggregate",
  "audit_events.customer_ids":
    "the audit trail is append-only and hash-chained (SPEC §4.6) and records the erasure itself; the personal values in it are HMACs under the customer's data key, which erasure destroys",
};

/** Every column referencing a customer that erasure accounts for (`table.column`): the storages' customer columns, ERASED_ELSEWHERE and REFERENCES_KEPT. */
export function referencesErasureCovers(): string[] {
  const storages = ERASED_TYPES.flatMap((type) => {
    const { storage } = handlingOf(type);
    if (!storage) return [];
    const table = getTableName(storage.table);
    return [storage.customerId, ...(storage.alsoBy ?? [])].map((column) => `${table}.${column.name}`);
  });
  return [...new Set([...storages, ...Object.keys(ERASED_ELSEWHERE), ...Object.keys(REFERENCES_KEPT)])].sort();
}

/** The customer's rows of a stored type. */
export function ownRows(storage: NonNullable<CatalogHandling["storage"]>, customerId: string): SQL {
  return storage.of ? storage.of(customerId) : eq(storage.customerId, customerId);
}

/** Derived types without an entry: computed from the rows above at read time, nothing stored to export or erase. */
const COMPUTED_AT_READ_TIME: CatalogHandling = { erasure: "DERIVED" };

export function handlingOf(type: ErasedType): CatalogHandling {
  if (isRecord(type)) return RECORDS[type];
  const handling = HANDLING[type];
  if (handling) return handling;
  if (personalFields(type).every(([, entry]) => entry.category === "DERIVED")) return COMPUTED_AT_READ_TIME;
  throw new Error(`Catalog type ${type} holds personal data but has no export/erasure rule in modules/dsr/dsr.catalog.ts`);
}

export const CATALOG_TYPES = Object.keys(CATALOG) as CatalogType[];
/** What erasure walks, in order: the catalog's types, then the stored records outside it. */
export const ERASED_TYPES: readonly ErasedType[] = [...CATALOG_TYPES, ...RECORD_TYPES];

export function personalFields(type: CatalogType): [string, PersonalField][] {
  return Object.entries(CATALOG[type]).filter((e): e is [string, PersonalField] => e[1].category !== "NONE");
}

const IDENTIFYING = new Set(["DIRECT_IDENTIFIER", "CONTACT", "SENSITIVE"]);

/**
 * What the audit names for a type's rows that erasure deletes or scrubs: its personal catalog
 * fields, or `Record.*` for a record outside the catalog (as retention names them).
 */
export function auditedFields(type: ErasedType): string[] {
  return isRecord(type) ? [`${type}.*`] : personalFields(type).map(([f]) => `${type}.${f}`);
}

/** The personal fields an erasure rule clears, per the catalog (a record outside it is deleted, never cleared). */
export function fieldsErased(type: ErasedType): string[] {
  if (isRecord(type)) return [];
  const rule = handlingOf(type).erasure;
  if (rule === "CLEAR_ALL_PERSONAL") return personalFields(type).map(([f]) => f);
  if (rule === "CLEAR_IDENTIFYING") return personalFields(type).filter(([, e]) => IDENTIFYING.has(e.category) || e.mask === "TEXT").map(([f]) => f);
  return [];
}

/** The stored column behind a catalog field (catalog names are the drizzle property names). */
export function columnOf(table: PgTable, field: string): PgColumn | undefined {
  return (getTableColumns(table) as Record<string, PgColumn>)[field];
}

/**
 * The value a cleared column gets: null where allowed, else the column default (language,
 * special-care flags), else a placeholder for text (a customer's name, a case subject).
 */
export function clearedValue(column: PgColumn, placeholder: string): unknown {
  if (!column.notNull) return null;
  if (column.hasDefault) return sql`default`;
  if (column.dataType === "string") return placeholder;
  throw new Error(`Column ${column.name} cannot be cleared: not null, no default, not text`);
}

export interface ClearingPatch {
  columns: PgColumn[];
  /** The `set` of the update. */
  values: Record<string, unknown>;
  /** True for rows where at least one of the fields still holds something to clear. */
  holdsValue: SQL;
}

/** How to clear these catalog fields of a table: the update's values and which rows need it. */
export function clearingPatch(table: PgTable, fields: readonly string[], placeholder: string): ClearingPatch {
  const columns: PgColumn[] = [];
  const values: Record<string, unknown> = {};
  const conditions: SQL[] = [];
  for (const field of fields) {
    const column = columnOf(table, field);
    if (!column) throw new Error(`Catalog field ${field} has no column in ${getTableName(table)}`);
    columns.push(column);
    const value = clearedValue(column, placeholder);
    values[field] = value;
    conditions.push(value === null ? isNotNull(column) : typeof value === "string" ? ne(column, value) : sql`true`);
  }
  return { columns, values, holdsValue: or(...conditions) ?? sql`false` };
}
