/**
 * `compute` once per key object, kept for as long as the key lives: per parsed document (Apollo
 * reuses the document of a query it has seen), per JSON shape, per database. Arguments after the
 * key must be the same whenever the key is (a document's schema): they are not part of the cache key.
 */
export function weakMemo<K extends object, A extends unknown[], V>(compute: (key: K, ...rest: A) => V): (key: K, ...rest: A) => V {
  const cache = new WeakMap<K, V>();
  return (key, ...rest) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key, ...rest);
    cache.set(key, value);
    return value;
  };
}

/**
 * Values computed per key text and reused for `ttlMs` (callers at the same moment share one
 * computation; a failed one is not kept). Beyond `max` keys everything is dropped: a bound, not an LRU.
 */
export class ExpiringMemo<V> {
  private readonly entries = new Map<string, { value: Promise<V>; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 1_000,
  ) {}

  get(key: string, compute: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const kept = this.entries.get(key);
    if (kept && kept.until > now) return kept.value;
    if (this.entries.size >= this.max) this.entries.clear();
    const value = compute();
    this.entries.set(key, { value, until: now + this.ttlMs });
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    return value;
  }
}
