// The share each language shows, as a percentage with one decimal, steady while it hovers on a
// rounding boundary.

import { formatPercent } from './format';

/**
 * How far past a rounding boundary (in percentage points) a share must go before its printed
 * value changes. A share sitting on a boundary, such as 3 posts in 17 (17.647%), would otherwise
 * flip between 17.6% and 17.7% on most snapshots: a flicker that says nothing, and a repaint of
 * its tile every time. The printed value is never more than 0.05 + 0.02 points off.
 */
export const SHARE_HOLD_POINTS = 0.02;

/** Keys are bounded by the worker (MAX_KEYS); this only guards a very long session. */
const MAX_REMEMBERED = 4096;

/**
 * One per page, shared by the treemap and the table, so both print the same value for a key in
 * the same snapshot.
 */
export class SharePrinter {
  readonly #printed = new Map<string, { text: string; percent: number }>();

  /** The printed share of `key` whose exact share is `fraction` (0..1). */
  print(key: string, fraction: number): string {
    const percent = fraction > 0 ? fraction * 100 : 0;
    const last = this.#printed.get(key);
    // Zero is exact either way, and '<0.1%' is a bound: neither is held past what it says.
    const held =
      last !== undefined &&
      percent > 0 &&
      last.percent > 0 &&
      (last.percent >= 0.1 || percent < 0.1) &&
      Math.abs(percent - last.percent) <= 0.05 + SHARE_HOLD_POINTS;
    if (held) return last.text;
    const text = formatPercent(fraction);
    if (this.#printed.size >= MAX_REMEMBERED) this.#printed.clear();
    // The value the text stands for; '<0.1%' stands for the middle of its range.
    const shown = percent === 0 ? 0 : percent < 0.1 ? 0.05 : Math.round(percent * 10) / 10;
    this.#printed.set(key, { text, percent: shown });
    return text;
  }
}

/** The page's printer: the treemap's tiles and the table's rows. */
export const pageShares = new SharePrinter();
