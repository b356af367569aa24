// The treemap's geometry, apart from any DOM: d3-hierarchy computes, Svelte renders.

import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import { languageColour } from './language-colour';

/**
 * How much text a tile has room for: 'large' is name, tag and numbers in bigger type; 'full'
 * the same in small type; 'compact' the short tag and numbers, for tall narrow tiles where a
 * name would be cut to a few letters; 'name' one line; 'tag' the tag alone.
 */
export type TileLabel = 'large' | 'full' | 'compact' | 'name' | 'tag' | 'none';

export interface Tile {
  key: string;
  count: number;
  /** count / total, 0..1. */
  share: number;
  /** Exact geometry, areas proportional to counts. */
  x: number;
  y: number;
  width: number;
  height: number;
  /**
   * The same rectangle snapped to whole pixels, edges shared with the neighbours. What gets
   * drawn: sub-pixel drift as counts grow then changes no style, so most tiles stay untouched.
   */
  box: { left: number; top: number; width: number; height: number };
  colour: string;
  label: TileLabel;
}

interface Datum {
  key: string;
  count: number;
  children?: Datum[];
}

/** Tiles in a fixed order (by key), for rendering: the DOM never reorders as ranks change. */
export function byKey(tiles: readonly Tile[]): Tile[] {
  return [...tiles].sort((a, b) => compareKeys(a.key, b.key));
}

/** Below these sizes text would be clipped to nonsense; the aria-label and readout carry it. */
const TAG_MIN = { width: 36, height: 18 };
const NAME_MIN = { width: 96, height: 20 };
const COMPACT_MIN = { width: 60, height: 44 };
const FULL_MIN = { width: 96, height: 58 };
const LARGE_MIN = { width: 180, height: 110 };

export function tileLabel(width: number, height: number): TileLabel {
  if (width >= LARGE_MIN.width && height >= LARGE_MIN.height) return 'large';
  if (width >= FULL_MIN.width && height >= FULL_MIN.height) return 'full';
  if (width >= COMPACT_MIN.width && height >= COMPACT_MIN.height && width < NAME_MIN.width) {
    return 'compact';
  }
  if (width >= NAME_MIN.width && height >= NAME_MIN.height) return 'name';
  if (width >= TAG_MIN.width && height >= TAG_MIN.height) return 'tag';
  return 'none';
}

/**
 * Squarified tiles for every key with posts, largest first. No padding in the layout, so each
 * area stays exactly proportional to its count; the gaps between tiles are drawn by CSS.
 */
export function layoutTreemap(
  counts: readonly [string, number][],
  width: number,
  height: number,
): Tile[] {
  if (width <= 0 || height <= 0) return [];
  const children: Datum[] = [];
  for (const [key, count] of counts) {
    if (count > 0 && Number.isFinite(count)) children.push({ key, count });
  }
  if (children.length === 0) return [];
  const root = hierarchy<Datum>({ key: '', count: 0, children })
    .sum((d) => (d.children ? 0 : d.count))
    // Same order as the table: a stable sort keeps the layout from jittering on ties.
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || compareKeys(a.data.key, b.data.key));
  const laidOut = treemap<Datum>().tile(treemapSquarify).size([width, height])(root);
  const total = laidOut.value ?? 0;
  return laidOut.leaves().map((leaf) => {
    const tileWidth = leaf.x1 - leaf.x0;
    const tileHeight = leaf.y1 - leaf.y0;
    const left = Math.round(leaf.x0);
    const top = Math.round(leaf.y0);
    const box = {
      left,
      top,
      width: Math.round(leaf.x1) - left,
      height: Math.round(leaf.y1) - top,
    };
    return {
      key: leaf.data.key,
      count: leaf.data.count,
      share: total > 0 ? leaf.data.count / total : 0,
      x: leaf.x0,
      y: leaf.y0,
      width: tileWidth,
      height: tileHeight,
      box,
      colour: languageColour(leaf.data.key),
      label: tileLabel(box.width, box.height),
    };
  });
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
