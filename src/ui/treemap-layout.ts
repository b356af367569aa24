// The treemap's geometry, apart from any DOM: d3-hierarchy computes, Svelte renders.

import { hierarchy, treemap, treemapResquarify, type HierarchyRectangularNode } from 'd3-hierarchy';
import { languageColour } from './language-colour';
import { languageName } from './language-names';
import { SharePrinter } from './share-printer';

/**
 * How much text a tile has room for: 'large' is name, tag and share in bigger type; 'full'
 * the same in small type; 'compact' the short tag and share, for tall narrow tiles where a
 * name would be cut to a few letters; 'name' one line; 'tag' the tag alone.
 */
export const TILE_LABELS = ['large', 'full', 'compact', 'name', 'tag', 'none'] as const;
export type TileLabel = (typeof TILE_LABELS)[number];

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
  /** What the page draws of this tile (see TileDrawing). */
  drawing: TileDrawing;
}

/**
 * Everything a tile shows, and nothing that changes without showing: the count is not here, the
 * share only as printed. While none of it changes, an update hands the page the same object as
 * the last one, and the page skips the tile: in a steady stream most of 150 tiles are skipped.
 */
export interface TileDrawing {
  key: string;
  /**
   * The language's name, here rather than looked up in the markup: Svelte wraps each function
   * call in a tile's markup in a derived of its own, two per tile, each rerun whenever the tile is.
   */
  name: string;
  /**
   * The tile's rectangle snapped to whole pixels, edges shared with the neighbours and held for
   * up to a pixel (see heldEdge): as counts creep up, most tiles stay untouched.
   */
  box: { left: number; top: number; width: number; height: number };
  colour: string;
  label: TileLabel;
  /**
   * Rearranged (new rows), moved at least GLIDE_MIN_PX and one of at most GLIDE_MAX_TILES:
   * animate the move.
   */
  glide: boolean;
  /** The share as the tile prints it: the tile's `share`, held on a boundary (SharePrinter). */
  printedShare: string;
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
const COMPACT_MIN = { width: 60, height: 36 };
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
 * A tile glides to its new place only when the rows were chosen afresh and it moved at least
 * this far; nearer, it jumps. Tiles that only grow or shrink in kept rows never glide: while the
 * counts are young they move a few pixels on every update, and gliding each move redrew the
 * page at 60 frames a second through its first seconds for a change nobody could follow.
 */
export const GLIDE_MIN_PX = 12;

/**
 * Past this many tiles, most are too small to follow as they glide, and starting and ending
 * the glides (a class on each tile) costs more main-thread time than it is worth: they jump.
 */
export const GLIDE_MAX_TILES = 60;

/** How far a drawn edge may lag its exact place (see heldEdge). */
const EDGE_HOLD_PX = 1;

/**
 * Once the tiles kept in their rows are this much less square (area-weighted mean aspect
 * ratio) than they were when the rows were chosen, the rows are chosen afresh.
 */
const REBUILD_AT_QUALITY_LOSS = 1.3;

type LeafNode = HierarchyRectangularNode<Datum>;

/**
 * Squarified tiles that keep their places from one update to the next. A fresh squarify picks
 * rows anew on every call, and near a tie a few more posts flip the whole arrangement: tiles
 * would jump on every snapshot. So the rows are kept (d3's resquarify) and only resized,
 * and chosen afresh only when a key appears, the size changes or the tiles grow too unsquare.
 */
export class TreemapLayout {
  readonly #layout = treemap<Datum>().tile(treemapResquarify);
  readonly #shares: SharePrinter;
  #root: LeafNode | null = null;
  #leaves = new Map<string, LeafNode>();
  #width = 0;
  #height = 0;
  /** The area-weighted mean aspect ratio when the rows were last chosen. */
  #freshQuality = 1;
  /** The last update's tiles by key: where each one was, to decide whether it glides. */
  #previous = new Map<string, Tile>();

  /** `shares`: the page's, so the tiles print what the table prints. */
  constructor(shares = new SharePrinter()) {
    this.#shares = shares;
  }

  /** Tiles for every key with posts, largest first (then by key, as the table orders them). */
  update(counts: readonly [string, number][], width: number, height: number): Tile[] {
    if (width <= 0 || height <= 0) return this.#clear();
    let added = false;
    // A key that drops to zero keeps its (now empty) place; only a new key forces new rows.
    for (const leaf of this.#leaves.values()) leaf.data.count = 0;
    for (const [key, count] of counts) {
      if (!(count > 0 && Number.isFinite(count))) continue;
      const leaf = this.#leaves.get(key);
      if (leaf === undefined) added = true;
      else leaf.data.count = count;
    }
    let keptRows = false;
    if (this.#root === null || added || width !== this.#width || height !== this.#height) {
      this.#rebuild(counts, width, height);
    } else {
      this.#root.sum(leafCount);
      this.#layout(this.#root);
      keptRows = quality(this.#root) <= this.#freshQuality * REBUILD_AT_QUALITY_LOSS;
      if (!keptRows) this.#rebuild(counts, width, height);
    }
    const root = this.#root;
    if (root === null || !(root.value! > 0)) return this.#clear();
    return this.#tiles(root, keptRows);
  }

  #rebuild(counts: readonly [string, number][], width: number, height: number): void {
    const children: Datum[] = [];
    for (const [key, count] of counts) {
      if (count > 0 && Number.isFinite(count)) children.push({ key, count });
    }
    this.#width = width;
    this.#height = height;
    this.#leaves.clear();
    if (children.length === 0) {
      this.#root = null;
      return;
    }
    const root = hierarchy<Datum>({ key: '', count: 0, children })
      .sum(leafCount)
      // Same order as the table: a stable sort keeps the layout from jittering on ties.
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || compareKeys(a.data.key, b.data.key));
    this.#layout.size([width, height]);
    // A new root has no rows yet, so resquarify chooses them.
    const laidOut = this.#layout(root);
    for (const leaf of laidOut.leaves()) this.#leaves.set(leaf.data.key, leaf);
    this.#root = laidOut;
    this.#freshQuality = quality(laidOut);
  }

  /**
   * `keptRows`: the rows are the last update's, so each tile's neighbours are too, and a drawn
   * edge may be held where it was (see `heldEdge`).
   */
  #tiles(root: LeafNode, keptRows: boolean): Tile[] {
    const total = root.value ?? 0;
    const previous = this.#previous;
    const current = new Map<string, Tile>();
    const tiles: Tile[] = [];
    const leaves = root.leaves();
    const glides =
      !keptRows && leaves.filter((leaf) => leaf.data.count > 0).length <= GLIDE_MAX_TILES;
    for (const leaf of leaves) {
      const { key, count } = leaf.data;
      if (count <= 0) continue;
      const last = previous.get(key)?.drawing;
      const before = last?.box;
      const held = keptRows ? before : undefined;
      const left = heldEdge(leaf.x0, held?.left);
      const top = heldEdge(leaf.y0, held?.top);
      const right = heldEdge(leaf.x1, held && held.left + held.width);
      const bottom = heldEdge(leaf.y1, held && held.top + held.height);
      const drawing = keptDrawing(last, {
        key,
        name: languageName(key),
        box: { left, top, width: right - left, height: bottom - top },
        colour: languageColour(key),
        label: tileLabel(right - left, bottom - top),
        glide:
          glides &&
          before !== undefined &&
          Math.max(Math.abs(before.left - left), Math.abs(before.top - top)) >= GLIDE_MIN_PX,
        printedShare: this.#shares.print(key, count / total),
      });
      const tile: Tile = {
        key,
        count,
        share: count / total,
        x: leaf.x0,
        y: leaf.y0,
        width: leaf.x1 - leaf.x0,
        height: leaf.y1 - leaf.y0,
        drawing,
      };
      tiles.push(tile);
      current.set(tile.key, tile);
    }
    this.#previous = current;
    return tiles.sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
  }

  #clear(): Tile[] {
    this.#root = null;
    this.#leaves.clear();
    this.#previous = new Map();
    return [];
  }
}

/** The last drawing if the next one shows exactly the same, else the next one. */
function keptDrawing(last: TileDrawing | undefined, next: TileDrawing): TileDrawing {
  if (
    last !== undefined &&
    last.box.left === next.box.left &&
    last.box.top === next.box.top &&
    last.box.width === next.box.width &&
    last.box.height === next.box.height &&
    last.colour === next.colour &&
    last.label === next.label &&
    last.glide === next.glide &&
    last.printedShare === next.printedShare
  ) {
    return last;
  }
  return next;
}

/** One fresh layout, nothing kept: tiles for every key with posts, largest first. */
export function layoutTreemap(
  counts: readonly [string, number][],
  width: number,
  height: number,
): Tile[] {
  return new TreemapLayout().update(counts, width, height);
}

const leafCount = (d: Datum): number => (d.children ? 0 : d.count);

/**
 * A drawn (whole-pixel) edge stays where it was until the exact edge is a pixel away, so counts
 * that creep up do not make tiles flicker between two sizes, each time repainting them whole.
 * Neighbours share the exact edge and, in kept rows, the drawn one: they stay seamless.
 */
function heldEdge(exact: number, drawn: number | undefined): number {
  return drawn !== undefined && Math.abs(exact - drawn) < EDGE_HOLD_PX ? drawn : Math.round(exact);
}

/** Area-weighted mean of each tile's long side over its short side: 1 is all squares. */
function quality(root: LeafNode): number {
  let area = 0;
  let weighted = 0;
  for (const leaf of root.leaves()) {
    const width = leaf.x1 - leaf.x0;
    const height = leaf.y1 - leaf.y0;
    const tileArea = width * height;
    if (!(tileArea > 0)) continue;
    area += tileArea;
    weighted += tileArea * (width > height ? width / height : height / width);
  }
  return area > 0 ? weighted / area : 1;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
