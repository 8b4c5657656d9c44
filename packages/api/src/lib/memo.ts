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
