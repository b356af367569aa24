import { describe, it, expect } from 'vitest';
import { OVERFLOW_KEY } from '../engine/keyed-count';
import { UNDETERMINED_KEY } from '../engine/language-key';
import { formatPercent } from './format';
import { hashKey, languageColour } from './language-colour';
import { languageName } from './language-names';
import {
  GLIDE_MAX_TILES,
  GLIDE_MIN_PX,
  TreemapLayout,
  byKey,
  layoutTreemap,
  tileLabel,
  type Tile,
} from './treemap-layout';

const WIDTH = 800;
const HEIGHT = 500;

function counts(n: number): [string, number][] {
  return Array.from({ length: n }, (_, i): [string, number] => [`l${i}`, 1 + ((i * 7919) % 500)]);
}

describe('layoutTreemap', () => {
  it('gives every key with posts exactly one tile', () => {
    const input = counts(1000);
    const tiles = layoutTreemap(input, WIDTH, HEIGHT);
    expect(tiles).toHaveLength(1000);
    expect(new Set(tiles.map((tile) => tile.key))).toEqual(new Set(input.map(([key]) => key)));
  });

  it('makes areas proportional to counts and fills the whole rectangle', () => {
    const input: [string, number][] = [
      ['en', 600],
      ['ja', 300],
      ['pt', 75],
      ['und', 25],
    ];
    const tiles = layoutTreemap(input, WIDTH, HEIGHT);
    const area = WIDTH * HEIGHT;
    for (const tile of tiles) {
      expect(tile.width * tile.height).toBeCloseTo((area * tile.count) / 1000, 6);
      expect(tile.share).toBeCloseTo(tile.count / 1000, 12);
      expect(tile.x).toBeGreaterThanOrEqual(0);
      expect(tile.y).toBeGreaterThanOrEqual(0);
      expect(tile.x + tile.width).toBeLessThanOrEqual(WIDTH + 1e-9);
      expect(tile.y + tile.height).toBeLessThanOrEqual(HEIGHT + 1e-9);
    }
    const covered = tiles.reduce((sum, tile) => sum + tile.width * tile.height, 0);
    expect(covered).toBeCloseTo(area, 6);
  });

  it('snaps the drawn boxes to whole pixels that still tile the rectangle without gaps', () => {
    const tiles = layoutTreemap(counts(200), 801.5, 499.3);
    let covered = 0;
    for (const {
      drawing: { box },
      x,
      y,
      width,
      height,
    } of tiles) {
      for (const n of Object.values(box)) expect(Number.isInteger(n)).toBe(true);
      expect(Math.abs(box.left - x)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(box.top - y)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(box.left + box.width - (x + width))).toBeLessThanOrEqual(0.5);
      expect(Math.abs(box.top + box.height - (y + height))).toBeLessThanOrEqual(0.5);
      covered += box.width * box.height;
    }
    // Edges a hair either side of .5 can round apart: a stray 1px seam is fine, holes are not.
    expect(covered / (802 * 499)).toBeGreaterThan(0.999);
    expect(covered).toBeLessThanOrEqual(802 * 499);
  });

  it('lists tiles by key for rendering, whatever their rank', () => {
    const tiles = layoutTreemap(
      [
        ['pt', 9],
        ['en', 1],
        ['ja', 4],
      ],
      WIDTH,
      HEIGHT,
    );
    expect(tiles.map((tile) => tile.key)).toEqual(['pt', 'ja', 'en']);
    expect(byKey(tiles).map((tile) => tile.key)).toEqual(['en', 'ja', 'pt']);
  });

  it('orders tiles by count descending, then key', () => {
    const tiles = layoutTreemap(
      [
        ['b', 5],
        ['a', 5],
        ['c', 9],
      ],
      WIDTH,
      HEIGHT,
    );
    expect(tiles.map((tile) => tile.key)).toEqual(['c', 'a', 'b']);
  });

  it('leaves out keys without posts and returns nothing without room', () => {
    expect(layoutTreemap([['en', 0]], WIDTH, HEIGHT)).toEqual([]);
    expect(layoutTreemap([], WIDTH, HEIGHT)).toEqual([]);
    expect(layoutTreemap([['en', 3]], 0, HEIGHT)).toEqual([]);
    expect(layoutTreemap([['en', 3]], WIDTH, 0)).toEqual([]);
  });

  it('keeps a colour per language however counts and ranks change', () => {
    const before = layoutTreemap(
      [
        ['en', 10],
        ['ja', 5],
        ['de', 1],
      ],
      WIDTH,
      HEIGHT,
    );
    const after = layoutTreemap(
      [
        ['de', 50],
        ['ja', 5],
        ['en', 1],
        ['fr', 1],
      ],
      WIDTH / 2,
      HEIGHT,
    );
    const colourOf = (tiles: typeof before, key: string) =>
      tiles.find((tile) => tile.key === key)?.drawing.colour;
    for (const key of ['en', 'ja', 'de']) {
      expect(colourOf(after, key)).toBe(colourOf(before, key));
      expect(colourOf(after, key)).toBe(languageColour(key));
    }
  });

  it('labels tiles by the room they have', () => {
    expect(tileLabel(400, 300)).toBe('large');
    expect(tileLabel(100, 60)).toBe('full');
    expect(tileLabel(120, 24)).toBe('name');
    expect(tileLabel(70, 200)).toBe('compact');
    expect(tileLabel(50, 200)).toBe('tag');
    expect(tileLabel(10, 300)).toBe('none');
  });
});

describe('TreemapLayout', () => {
  const boxes = (tiles: Tile[]) =>
    Object.fromEntries(tiles.map((tile) => [tile.key, tile.drawing.box]));
  /** How far the farthest tile moved between two layouts, in px. */
  const farthestMove = (
    a: ReturnType<typeof layoutTreemap>,
    b: ReturnType<typeof layoutTreemap>,
  ): number =>
    Math.max(
      ...a.map((tile) => {
        const other = b.find((t) => t.key === tile.key)!;
        return Math.max(Math.abs(other.x - tile.x), Math.abs(other.y - tile.y));
      }),
    );

  it('keeps the arrangement when a few posts would flip a fresh squarify', () => {
    // Two updates a couple of posts apart, where a fresh squarify moves a tile 400 px.
    const before = [174, 92, 91, 294, 110, 238, 176, 304, 114];
    const after = [176, 94, 91, 296, 110, 240, 177, 306, 116];
    const asCounts = (ns: number[]) => ns.map((n, i): [string, number] => [`l${i}`, n]);
    const fresh = farthestMove(
      layoutTreemap(asCounts(before), WIDTH, HEIGHT),
      layoutTreemap(asCounts(after), WIDTH, HEIGHT),
    );
    expect(fresh).toBeGreaterThan(100);

    const layout = new TreemapLayout();
    const first = layout.update(asCounts(before), WIDTH, HEIGHT);
    const kept = layout.update(asCounts(after), WIDTH, HEIGHT);
    expect(farthestMove(first, kept)).toBeLessThan(2);
    expect(kept.every((tile) => !tile.drawing.glide)).toBe(true);
    const total = after.reduce((sum, n) => sum + n, 0);
    for (const tile of kept) {
      expect(tile.width * tile.height).toBeCloseTo((WIDTH * HEIGHT * tile.count) / total, 6);
    }
    // Still largest first, whatever the places.
    expect(kept.map((tile) => tile.count)).toEqual([...after].sort((a, b) => b - a));
  });

  it('holds drawn edges against a pixel of drift, seamless and never more than a pixel off', () => {
    const layout = new TreemapLayout();
    const base = counts(9).map(([key, n]): [string, number] => [key, n * 40]);
    let previous = layout.update(base, WIDTH, HEIGHT);
    let changedUpdates = 0;
    let roundedChanges = 0;
    let lastRounded = boxes(layoutTreemap(base, WIDTH, HEIGHT));
    for (let step = 1; step <= 200; step++) {
      // Shares hold steady as counts grow, give or take a post or two: the firehose's texture.
      const next = base.map(([key, n], i): [string, number] => [
        key,
        Math.round(n * (1 + step / 20)) + ((step * (i + 3)) % 5) - 2,
      ]);
      const tiles = layout.update(next, WIDTH, HEIGHT);
      let area = 0;
      for (const [
        i,
        {
          drawing: { box },
          x,
          y,
          width,
          height,
        },
      ] of tiles.entries()) {
        expect(Math.abs(box.left - x)).toBeLessThan(1);
        expect(Math.abs(box.top - y)).toBeLessThan(1);
        expect(Math.abs(box.left + box.width - (x + width))).toBeLessThan(1);
        expect(Math.abs(box.top + box.height - (y + height))).toBeLessThan(1);
        area += box.width * box.height;
        for (const other of tiles.slice(i + 1)) {
          const { box: otherBox } = other.drawing;
          const overlapX = Math.min(box.left + box.width, otherBox.left + otherBox.width);
          const overlapY = Math.min(box.top + box.height, otherBox.top + otherBox.height);
          const overlaps =
            overlapX > Math.max(box.left, otherBox.left) &&
            overlapY > Math.max(box.top, otherBox.top);
          expect(overlaps).toBe(false);
        }
      }
      expect(area).toBe(WIDTH * HEIGHT);
      if (JSON.stringify(boxes(tiles)) !== JSON.stringify(boxes(previous))) changedUpdates++;
      // The same rows, edges simply rounded: what the drawn boxes would do without holding.
      const rounded = Object.fromEntries(
        tiles.map((t) => [
          t.key,
          [Math.round(t.x), Math.round(t.y), Math.round(t.x + t.width), Math.round(t.y + t.height)],
        ]),
      );
      if (JSON.stringify(rounded) !== JSON.stringify(lastRounded)) roundedChanges++;
      lastRounded = rounded;
      previous = tiles;
    }
    expect(changedUpdates).toBeLessThan(roundedChanges / 2);
  });

  it('hands back the same drawing for a tile that shows the same, a new one when it changes', () => {
    const layout = new TreemapLayout();
    const base = counts(9).map(([key, n]): [string, number] => [key, n * 1000]);
    const first = layout.update(base, WIDTH, HEIGHT);
    // One more post for the largest: no edge moves a pixel and no printed share changes.
    const second = layout.update(
      base.map(([key, n]): [string, number] => [key, key === first[0]!.key ? n + 1 : n]),
      WIDTH,
      HEIGHT,
    );
    for (const tile of second) {
      const before = first.find((t) => t.key === tile.key)!;
      expect(tile.drawing).toBe(before.drawing);
      expect(tile.count).toBe(tile.key === first[0]!.key ? before.count + 1 : before.count);
    }
    // Doubling one language moves edges and shares: those tiles get new drawings, true to them.
    // The rows are kept (they stay square enough), so however far a tile moves, it jumps.
    const third = layout.update(
      base.map(([key, n]): [string, number] => [key, key === 'l0' ? n * 2 : n]),
      WIDTH,
      HEIGHT,
    );
    const changed = third.filter(
      (tile) => tile.drawing !== second.find((t) => t.key === tile.key)!.drawing,
    );
    expect(changed.length).toBeGreaterThan(0);
    const farthest = Math.max(
      ...third.map((tile) => {
        const before = second.find((t) => t.key === tile.key)!.drawing.box;
        const { left, top } = tile.drawing.box;
        return Math.max(Math.abs(before.left - left), Math.abs(before.top - top));
      }),
    );
    expect(farthest).toBeGreaterThanOrEqual(GLIDE_MIN_PX);
    for (const tile of third) {
      const { box } = tile.drawing;
      const before = second.find((t) => t.key === tile.key)!.drawing.box;
      expect(Math.abs(box.left - tile.x)).toBeLessThan(1);
      expect(Math.abs(box.top - tile.y)).toBeLessThan(1);
      expect(Math.abs(box.left + box.width - (tile.x + tile.width))).toBeLessThan(1);
      expect(Math.abs(box.top + box.height - (tile.y + tile.height))).toBeLessThan(1);
      expect(tile.drawing).toMatchObject({
        key: tile.key,
        colour: languageColour(tile.key),
        glide: false,
        label: tileLabel(box.width, box.height),
        printedShare: formatPercent(tile.share),
      });
    }
  });

  it('chooses new rows when a key appears, and the tiles that move far glide', () => {
    const layout = new TreemapLayout();
    const first = layout.update(counts(6), WIDTH, HEIGHT);
    expect(first.every((tile) => !tile.drawing.glide)).toBe(true);
    const grown: [string, number][] = [...counts(6), ['new', 2000]];
    const second = layout.update(grown, WIDTH, HEIGHT);
    expect(boxes(second)).toEqual(boxes(layoutTreemap(grown, WIDTH, HEIGHT)));
    expect(second.find((tile) => tile.key === 'new')?.drawing.glide).toBe(false);
    expect(second.some((tile) => tile.drawing.glide)).toBe(true);
    for (const tile of second) {
      const before = first.find((t) => t.key === tile.key)?.drawing.box;
      if (before === undefined) continue;
      const moved = Math.max(
        Math.abs(before.left - tile.drawing.box.left),
        Math.abs(before.top - tile.drawing.box.top),
      );
      expect(tile.drawing.glide).toBe(moved >= GLIDE_MIN_PX);
    }
  });

  it('lets no tile glide when there are more than GLIDE_MAX_TILES', () => {
    const layout = new TreemapLayout();
    layout.update(counts(GLIDE_MAX_TILES + 1), WIDTH, HEIGHT);
    const grown: [string, number][] = [...counts(GLIDE_MAX_TILES + 1), ['new', 50_000]];
    expect(layout.update(grown, WIDTH, HEIGHT).some((tile) => tile.drawing.glide)).toBe(false);
  });

  it('names each tile in its drawing, as the table does', () => {
    const [tile] = new TreemapLayout().update([['pt-BR', 3]], WIDTH, HEIGHT);
    expect(tile?.drawing.name).toBe(languageName('pt-BR'));
  });

  it('drops a key that falls to zero without choosing new rows', () => {
    const layout = new TreemapLayout();
    const first = layout.update(counts(8), WIDTH, HEIGHT);
    const fewer = counts(8).map(([key, n]): [string, number] => [key, key === 'l3' ? 0 : n]);
    const second = layout.update(fewer, WIDTH, HEIGHT);
    expect(second.map((tile) => tile.key)).not.toContain('l3');
    expect(second).toHaveLength(7);
    const covered = second.reduce((sum, tile) => sum + tile.width * tile.height, 0);
    expect(covered).toBeCloseTo(WIDTH * HEIGHT, 6);
    // No new rows: a key coming back takes its old place again.
    const back = layout.update(counts(8), WIDTH, HEIGHT);
    for (const tile of back) {
      const was = first.find((t) => t.key === tile.key)!;
      expect([tile.x, tile.y, tile.width, tile.height]).toEqual([
        was.x,
        was.y,
        was.width,
        was.height,
      ]);
    }
  });

  it('chooses new rows when the size changes or the kept rows grow too unsquare', () => {
    const layout = new TreemapLayout();
    layout.update(counts(10), WIDTH, HEIGHT);
    const resized = layout.update(counts(10), WIDTH / 2, HEIGHT);
    expect(boxes(resized)).toEqual(boxes(layoutTreemap(counts(10), WIDTH / 2, HEIGHT)));
    // The smallest language overtakes all the others by far: its old slot would be a sliver.
    const upended = counts(10).map(([key, n]): [string, number] => [
      key,
      key === 'l0' ? 50_000 : n,
    ]);
    const after = layout.update(upended, WIDTH / 2, HEIGHT);
    expect(boxes(after)).toEqual(boxes(layoutTreemap(upended, WIDTH / 2, HEIGHT)));
  });

  it('returns nothing, and forgets, when nothing has posts or there is no room', () => {
    const layout = new TreemapLayout();
    layout.update(counts(5), WIDTH, HEIGHT);
    expect(layout.update([], WIDTH, HEIGHT)).toEqual([]);
    expect(layout.update(counts(5), 0, HEIGHT)).toEqual([]);
    expect(layout.update(counts(5), WIDTH, HEIGHT).every((tile) => !tile.drawing.glide)).toBe(true);
  });
});

describe('languageColour', () => {
  it('is deterministic and spreads languages over distinct colours', () => {
    expect(languageColour('en')).toBe(languageColour('en'));
    const keys = ['en', 'ja', 'pt', 'de', 'fr', 'es', 'ko', 'zh', 'ru', 'it', 'nl', 'tr'];
    expect(new Set(keys.map(languageColour)).size).toBe(keys.length);
    expect(hashKey('en')).not.toBe(hashKey('ne'));
  });

  it('keeps light colours, so dark tile text stays readable', () => {
    for (const [key] of counts(200)) {
      const match = /^hsl\((\d+) (\d+)% (\d+)%\)$/.exec(languageColour(key));
      expect(match).not.toBeNull();
      expect(Number(match?.[3])).toBeGreaterThanOrEqual(70);
    }
  });

  it('gives regional variants their language hue, paler, and still a colour of their own', () => {
    const hue = (colour: string) => Number(/^hsl\((\d+) /.exec(colour)?.[1]);
    expect(languageColour('en-US')).not.toBe(languageColour('en'));
    expect(Math.abs(hue(languageColour('en-US')) - hue(languageColour('en')))).toBeLessThanOrEqual(
      12,
    );
    expect(languageColour('en-US')).not.toBe(languageColour('en-GB'));
  });

  it('paints the non-languages grey', () => {
    expect(languageColour(UNDETERMINED_KEY)).toMatch(/^hsl\(0 0% /);
    expect(languageColour(OVERFLOW_KEY)).toMatch(/^hsl\(0 0% /);
  });
});
