// A per-key memo for work the page repeats on every snapshot (names, colours of language tags).

/**
 * `compute`, remembered per key. Keys come from the network, so the memo is bounded: once it
 * holds `limit` keys it starts again rather than grow.
 */
export function memoByKey<T>(compute: (key: string) => T, limit: number): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    const known = memo.get(key);
    // One lookup on a hit; `has` only settles a remembered undefined.
    if (known !== undefined || memo.has(key)) return known as T;
    const value = compute(key);
    if (memo.size >= limit) memo.clear();
    memo.set(key, value);
    return value;
  };
}
