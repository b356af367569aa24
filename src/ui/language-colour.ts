// A language keeps its colour however the ranking shifts: the colour comes from the key,
// never from its rank, so tiles do not repaint as counts change.

import { OVERFLOW_KEY } from '../engine/keyed-count';
import { UNDETERMINED_KEY } from '../engine/language-key';
import { memoByKey } from '../lib/memo-by-key';

const FIXED_COLOURS: ReadonlyMap<string, string> = new Map([
  // The two non-languages are neutral greys so they do not read as a real language.
  [UNDETERMINED_KEY, 'hsl(0 0% 84%)'],
  [OVERFLOW_KEY, 'hsl(0 0% 74%)'],
]);

interface Hsl {
  hue: number;
  saturation: number;
  lightness: number;
}

/**
 * Hand-picked for the languages that make the biggest tiles, which usually sit side by side:
 * a hash alone often gives two of them nearly the same hue. Everything else is hashed.
 */
const COMMON: ReadonlyMap<string, Hsl> = new Map([
  ['en', { hue: 212, saturation: 70, lightness: 78 }],
  ['ja', { hue: 336, saturation: 65, lightness: 84 }],
  ['pt', { hue: 135, saturation: 45, lightness: 74 }],
  ['de', { hue: 48, saturation: 85, lightness: 72 }],
  ['es', { hue: 24, saturation: 85, lightness: 77 }],
  ['ko', { hue: 268, saturation: 55, lightness: 83 }],
  ['fr', { hue: 186, saturation: 55, lightness: 72 }],
  ['tr', { hue: 4, saturation: 70, lightness: 79 }],
  ['ru', { hue: 88, saturation: 45, lightness: 74 }],
  ['zh', { hue: 300, saturation: 45, lightness: 80 }],
  ['it', { hue: 160, saturation: 45, lightness: 76 }],
  ['nl', { hue: 30, saturation: 40, lightness: 80 }],
  ['pl', { hue: 232, saturation: 45, lightness: 84 }],
  ['uk', { hue: 58, saturation: 60, lightness: 78 }],
  ['ar', { hue: 170, saturation: 35, lightness: 82 }],
  ['fa', { hue: 15, saturation: 45, lightness: 83 }],
  ['th', { hue: 250, saturation: 35, lightness: 78 }],
  ['id', { hue: 110, saturation: 35, lightness: 82 }],
  ['hi', { hue: 36, saturation: 70, lightness: 82 }],
]);

/** FNV-1a: tiny, well spread for short strings, and identical in every browser. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function hashedColour(text: string): Hsl {
  const hash = hashKey(text);
  return {
    hue: hash % 360,
    saturation: 45 + ((hash >>> 9) % 30),
    lightness: 74 + ((hash >>> 17) % 10),
  };
}

/**
 * A light colour, so dark text on it keeps a contrast ratio well above 4.5:1. Regional and
 * script variants (`en-US`, `zh-Hant`) share their language's hue, paler, so they read as kin.
 */
export function languageColour(key: string): string {
  return FIXED_COLOURS.get(key) ?? cachedColour(key);
}

/** The treemap asks for every tile's colour on every update. */
const cachedColour = memoByKey(computeColour, 2_000);

function computeColour(key: string): string {
  const primary = (key.split('-')[0] ?? key).toLowerCase();
  let { hue, saturation, lightness } = COMMON.get(primary) ?? hashedColour(primary);
  if (key !== primary) {
    const hash = hashKey(key);
    hue = (hue + 360 + ((hash % 9) - 4) * 3) % 360;
    saturation = Math.max(25, saturation - 20);
    lightness = Math.min(90, lightness + 4 + ((hash >>> 8) % 3));
  }
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}
