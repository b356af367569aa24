// Kaskada's `count()` over a keyed timestream: one running total per key.

/** Keys beyond this many fold into OVERFLOW_KEY, so hostile or exotic tags cannot grow memory. */
export const MAX_KEYS = 1000;
/** Cannot collide with a language key: parentheses never appear in a BCP-47 tag. */
export const OVERFLOW_KEY = '(other)';

export type KeyCounts = [key: string, count: number][];

export class KeyedCount {
  readonly #counts = new Map<string, number>();
  readonly #maxKeys: number;
  #total = 0;

  constructor(maxKeys = MAX_KEYS) {
    if (maxKeys < 1) throw new RangeError(`maxKeys must be at least 1, got ${maxKeys}`);
    this.#maxKeys = maxKeys;
  }

  get total(): number {
    return this.#total;
  }

  get size(): number {
    return this.#counts.size;
  }

  add(key: string, n = 1): void {
    let current = this.#counts.get(key);
    if (current === undefined && this.#counts.size >= this.#maxKeys - 1 && key !== OVERFLOW_KEY) {
      // The last slot is kept for the overflow key itself, so the map never exceeds maxKeys.
      key = OVERFLOW_KEY;
      current = this.#counts.get(key);
    }
    this.#counts.set(key, (current ?? 0) + n);
    this.#total += n;
  }

  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  /** Every key with its count, highest count first, then by key, for stable display. */
  sorted(): KeyCounts {
    return [...this.#counts].sort(byCountThenKey);
  }

  clear(): void {
    this.#counts.clear();
    this.#total = 0;
  }
}

export function byCountThenKey(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}
