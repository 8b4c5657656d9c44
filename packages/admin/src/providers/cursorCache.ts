/**
 * Remembers, per list query (filter, sort, page size), the keyset cursor each page starts after,
 * so react-admin's numbered pages map onto the API's Relay cursors without offsets.
 * Page 1 starts after `null`; fetching page n teaches us where page n + 1 starts.
 */
export class CursorCache {
  private readonly lists = new Map<string, Map<number, string | null>>();

  constructor(private readonly maxLists = 50) {}

  static key(parts: unknown): string {
    return JSON.stringify(parts);
  }

  /** The cursor page `page` starts after: null for page 1, undefined when not known yet. */
  startOf(key: string, page: number): string | null | undefined {
    if (page <= 1) return null;
    return this.lists.get(key)?.get(page);
  }

  /** Records that page `page + 1` starts after `endCursor` (the last edge of page `page`). */
  rememberEnd(key: string, page: number, endCursor: string | null | undefined) {
    if (!endCursor) return;
    let pages = this.lists.get(key);
    if (!pages) {
      // Oldest list queries go first; a Map iterates in insertion order.
      if (this.lists.size >= this.maxLists) this.lists.delete(this.lists.keys().next().value!);
      pages = new Map();
      this.lists.set(key, pages);
    }
    pages.set(page + 1, endCursor);
  }

  /** The highest page at or below `page` whose start is known, to walk forward from. */
  nearest(key: string, page: number): { page: number; after: string | null } {
    const pages = this.lists.get(key);
    for (let p = page; p > 1; p--) {
      const after = pages?.get(p);
      if (after !== undefined) return { page: p, after };
    }
    return { page: 1, after: null };
  }

  /** Any write can move rows between pages (sorted by name or updatedAt): forget everything. */
  clear() {
    this.lists.clear();
  }
}
