// Re-keys a post by its first language tag, the seed's `with_key(record.langs[0])`.

/** Posts without a usable language tag. */
export const UNDETERMINED_KEY = 'und';

/** Tags longer than this are never real languages; refusing them early bounds the work. */
const MAX_TAG_LENGTH = 64;

/** Canonicalisation is the hot path's slowest step and real tags repeat, so remember them. */
const CACHE_LIMIT = 4096;
const cache = new Map<string, string | null>();

export interface LanguageKey {
  key: string;
  /** A tag was present but unusable (not a string, too long, or not BCP-47). */
  invalid: boolean;
}

const NO_TAG: LanguageKey = { key: UNDETERMINED_KEY, invalid: false };
const INVALID_TAG: LanguageKey = { key: UNDETERMINED_KEY, invalid: true };

/** The language key of a post's `langs` field, whatever bytes the network sent. */
export function languageKey(langs: unknown): LanguageKey {
  if (!Array.isArray(langs) || langs.length === 0) return NO_TAG;
  const first: unknown = langs[0];
  if (typeof first !== 'string' || first.length > MAX_TAG_LENGTH) return INVALID_TAG;
  const canonical = canonicalTag(first);
  return canonical === null ? INVALID_TAG : { key: canonical, invalid: false };
}

/** `Intl`'s canonical form of a tag (`en-us` → `en-US`, `iw` → `he`), or null if it rejects it. */
export function canonicalTag(tag: string): string | null {
  const cached = cache.get(tag);
  if (cached !== undefined) return cached;
  let canonical: string | null;
  try {
    canonical = Intl.getCanonicalLocales(tag.trim().replaceAll('_', '-'))[0] ?? null;
  } catch {
    canonical = null;
  }
  // A crude bound: hostile streams of unique tags must not grow memory without limit.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(tag, canonical);
  return canonical;
}
