import { randomUUID } from "node:crypto";
import { CATALOG, type CatalogType } from "@tessera/schema/catalog";
import type { Db, DbOrTx } from "../db/client.js";
import { canonicalJson } from "../lib/hash.js";
import { weakMemo } from "../lib/memo.js";
import { SYSTEM_PRINCIPAL } from "../privacy/principal.js";
import type { AuditChange } from "./audit.table.js";
import { appendAudit, appendAuditGrouped, type AuditActor, type AuditEntry } from "./audit.writer.js";

function isPersonal(type: string, field: string): boolean {
  const entry = (CATALOG as Record<string, Record<string, { category: string }>>)[type]?.[field];
  return Boolean(entry && entry.category !== "NONE");
}

/** The personal fields of a selection, sorted: selections are shared per parsed operation (graphql/selection.ts). */
const personalOf = weakMemo((selected: ReadonlySet<string>): readonly string[] =>
  [...selected]
    .filter((f) => {
      const [type, field] = f.split(".") as [string, string];
      return isPersonal(type, field);
    })
    .sort(),
);

/**
 * Collects what one request read (customer ids, catalog fields selected) so the read is audited
 * as one row per request, and records writes inside the writing transaction.
 */
export class AuditCollector {
  readonly customersRead = new Set<string>();
  /** `Type.field` pairs the operation selected; set once the operation is resolved (shared per parsed operation, never changed). */
  selected: ReadonlySet<string> = new Set<string>();
  operation = "anonymous";
  /** Write audit rows recorded so far; the mutation guard (audit.mutation.ts) checks it grew. */
  writes = 0;

  constructor(readonly actor: AuditActor) {}

  read(customerIds: Iterable<string>) {
    for (const id of customerIds) this.customersRead.add(id);
  }

  /** Personal catalog fields the operation selected, e.g. `Customer.nationalId`. */
  personalFieldsSelected(): string[] {
    return [...personalOf(this.selected)];
  }

  /** Writes the read row: only when personal fields of at least one customer left the API. */
  async flushReads(db: Db) {
    const fields = this.personalFieldsSelected();
    if (!this.customersRead.size || !fields.length) return;
    await appendAuditGrouped(db, this.actor, { action: "READ", operation: this.operation, customerIds: [...this.customersRead], fields });
  }

  /**
   * Records a write in the caller's transaction, so the change and its audit commit together.
   * `as` names a different principal for the row (a successful login is recorded as the user).
   */
  async write(tx: DbOrTx, entry: Omit<AuditEntry, "operation"> & { operation?: string }, as?: Pick<AuditActor, "principal">) {
    await appendAudit(tx, as ? { ...this.actor, ...as } : this.actor, [{ ...entry, operation: entry.operation ?? this.operation }]);
    this.writes++;
  }

  /** Records several writes of one transaction as their rows, in order, in one insert (a feed batch). */
  async writeAll(tx: DbOrTx, entries: readonly (Omit<AuditEntry, "operation"> & { operation?: string })[]) {
    await appendAudit(tx, this.actor, entries.map((entry) => ({ ...entry, operation: entry.operation ?? this.operation })));
    this.writes += entries.length;
  }
}

/** The auditor of work done outside a request (CLI, demo bootstrap): rows name the `system` principal. */
export function systemAudit(operation = "system"): AuditCollector {
  const audit = new AuditCollector({ requestId: `system-${randomUUID()}`, principal: SYSTEM_PRINCIPAL, purpose: "SERVICE" });
  audit.operation = operation;
  return audit;
}

/**
 * A personal value on its way into the trail. The writer replaces it with a keyed hash under the
 * key of the row's customer (audit.writer.ts); it refuses to become JSON in clear.
 */
export class PersonalValue {
  constructor(readonly value: unknown) {}
  toJSON(): never {
    throw new Error("A personal audit value reached JSON without being hashed");
  }
}

/**
 * Before/after of the changed fields of a row. Personal values are stored as keyed hashes
 * (HMAC under the customer's data key, audit/keys.ts): the trail proves what changed without
 * becoming a second copy of the personal data, and erasure makes those hashes untestable.
 */
export function diffForAudit(type: CatalogType | "Plan", before: Record<string, unknown> | undefined, after: Record<string, unknown>): AuditChange[] {
  const changes: AuditChange[] = [];
  const show = (field: string, value: unknown) => (value == null ? null : isPersonal(type, field) ? new PersonalValue(value) : value);
  for (const field of Object.keys(after)) {
    if (["version", "updatedAt", "createdAt"].includes(field)) continue;
    const a = after[field];
    const b = before?.[field];
    if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) continue;
    changes.push({ field, before: show(field, b), after: show(field, a) });
  }
  return changes;
}
