import { describe, it, expect } from 'vitest';
import { OVERFLOW_KEY } from '../engine/keyed-count';
import { UNDETERMINED_KEY } from '../engine/language-key';
import { hashKey, languageColour } from './language-colour';
import { byKey, layoutTreemap, tileLabel } from './treemap-layout';

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
    for (const { box, x, y, width, height } of tiles) {
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
      tiles.find((tile) => tile.key === key)?.colour;
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
