// English names for language keys. Keys come from the network, so a tag Intl cannot name
// falls back to the tag itself rather than failing the whole render.

import { OVERFLOW_KEY } from '../engine/keyed-count';
import { UNDETERMINED_KEY } from '../engine/language-key';
import { memoByKey } from '../lib/memo-by-key';

const FIXED_NAMES: ReadonlyMap<string, string> = new Map([
  [UNDETERMINED_KEY, 'No language tag'],
  [OVERFLOW_KEY, 'Other languages'],
]);

/** The worker bounds keys to 1000, but a long session can meet more over time. */
const CACHE_LIMIT = 4096;

let displayNames: Intl.DisplayNames | null | undefined;

function languageDisplayNames(): Intl.DisplayNames | null {
  if (displayNames === undefined) {
    try {
      displayNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
    } catch {
      // Very old engines lack DisplayNames; tags alone are still readable.
      displayNames = null;
    }
  }
  return displayNames;
}

/** The English name of a language key, e.g. `ja` → "Japanese"; unknown tags read as themselves. */
export function languageName(key: string): string {
  return FIXED_NAMES.get(key) ?? cachedName(key);
}

const cachedName = memoByKey(lookUp, CACHE_LIMIT);

function lookUp(key: string): string {
  const names = languageDisplayNames();
  if (names === null) return key;
  try {
    const name = names.of(key);
    // ICU names the undetermined and private-use tags "root", which helps nobody.
    if (name === undefined || name === '' || name === 'root') return key;
    return name;
  } catch {
    return key;
  }
}
