// The expected language key of a post, written independently of the app's src/ so the two can
// disagree: a test that compares the app against its own code would prove nothing.

export const UND = 'und';
const MAX_TAG_LENGTH = 64;

export interface ExpectedKey {
  key: string;
  /** A tag was present but unusable: counted under `und` and as an invalid tag. */
  invalid: boolean;
}

export function expectedLanguageKey(langs: unknown): ExpectedKey {
  if (!Array.isArray(langs) || langs.length === 0) return { key: UND, invalid: false };
  const first: unknown = langs[0];
  if (typeof first !== 'string' || first.length > MAX_TAG_LENGTH) {
    return { key: UND, invalid: true };
  }
  try {
    const [canonical] = Intl.getCanonicalLocales(first.trim().split('_').join('-'));
    return canonical === undefined
      ? { key: UND, invalid: true }
      : { key: canonical, invalid: false };
  } catch {
    return { key: UND, invalid: true };
  }
}
