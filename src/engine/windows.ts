// Windows decide which keyed events a count covers. Every window sees every event with its
// time (the relay's clock, as Kaskada keeps event time through `with_key`); `read` answers
// at a point in time. Tumbling, sliding and trailing windows implement the same interface.

import { KeyedCount, type KeyCounts } from './keyed-count';

export interface CountWindow {
  /** Stable name, shown in the CSV `window` column. */
  readonly name: string;
  add(key: string, time: number): void;
  read(now: number): { total: number; counts: KeyCounts };
  clear(): void;
}

/** Cumulative count since counting started: Kaskada's default, unwindowed aggregation. */
export function sinceStart(maxKeys?: number): CountWindow {
  const counts = new KeyedCount(maxKeys);
  return {
    name: 'all',
    add: (key) => counts.add(key),
    read: () => ({ total: counts.total, counts: counts.sorted() }),
    clear: () => counts.clear(),
  };
}
