// The snapshot as a CSV file people can open in a spreadsheet. Keys and names originate on
// the network, so cells are neutralised against formula injection before d3-dsv quotes them.

import { csvFormatRows } from 'd3-dsv';
import { byCountThenKey } from '../engine/keyed-count';
import type { Snapshot } from '../worker/protocol';

export const CSV_HEADER = ['snapshot_time', 'window', 'language', 'name', 'posts', 'share'];

/** Leading characters a spreadsheet may read as the start of a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a quote so spreadsheets show the cell as text instead of evaluating it. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Header plus one row per language of every window, most posts first; ends with a newline. */
export function snapshotCsv(snapshot: Snapshot, nameOf: (key: string) => string): string {
  const rows: string[][] = [CSV_HEADER];
  const time = neutraliseCell(snapshot.at);
  for (const window of snapshot.windows) {
    const windowName = neutraliseCell(window.window);
    // The worker already sorts, but the file's order is a promise of this module, not of it.
    const counts = [...window.counts].sort(byCountThenKey);
    for (const [key, posts] of counts) {
      const share = window.total > 0 ? posts / window.total : 0;
      rows.push([
        time,
        windowName,
        neutraliseCell(key),
        neutraliseCell(nameOf(key)),
        String(posts),
        share.toFixed(6),
      ]);
    }
  }
  return `${csvFormatRows(rows)}\n`;
}

/** `languages-2026-11-28T14-05-09Z.csv`: UTC, no colons, so every OS accepts the name. */
export function csvFilename(at: Date): string {
  const stamp = Number.isNaN(at.getTime()) ? new Date(0) : at;
  const iso = stamp.toISOString().replace(/\.\d+Z$/, 'Z');
  return `languages-${iso.replaceAll(':', '-')}.csv`;
}
