/** A least-recently-used memo for plans (pure TypeScript). */

/**
 * Returns `get(key, make)`: the value memoised under `key`, or `make()`'s, kept; past `limit`
 * entries the least recently used one is dropped.
 * @example
 * const get = lruMemo<number>(2);
 * get('a', () => 1); // 1 (computed), then cached
 */
export function lruMemo<T>(limit: number): (key: string, make: () => T) => T {
  const cache = new Map<string, T>();
  return (key, make) => {
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const value = make();
    cache.set(key, value);
    if (cache.size > limit) cache.delete(cache.keys().next().value as string);
    return value;
  };
}
