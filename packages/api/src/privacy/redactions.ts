import type { Redaction } from "@tessera/schema/catalog";

export interface RedactionEntry {
  field: string;
  reason: Redaction;
  count: number;
}

/** Counts masked or withheld values per (field, reason) for `extensions.redactions`. */
export class RedactionReport {
  private readonly counts = new Map<string, RedactionEntry>();

  add(field: string, reason: Redaction, count = 1) {
    const key = `${field}|${reason}`;
    const entry = this.counts.get(key);
    if (entry) entry.count += count;
    else this.counts.set(key, { field, reason, count });
  }

  /** Entries for the fields the operation selected (a masked field nobody asked for is no news). */
  entries(selected?: ReadonlySet<string>): RedactionEntry[] {
    return [...this.counts.values()].filter((e) => !selected || selected.has(e.field)).sort((a, b) => a.field.localeCompare(b.field));
  }
}
