import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { languageKey } from './language-key';

function vectors(file: string): string[] {
  const path = fileURLToPath(
    new URL(`../../../shared/fixtures/language-tags/${file}`, import.meta.url),
  );
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

describe('languageKey', () => {
  it('follows the issue: canonical case, underscores, deprecated codes', () => {
    expect(languageKey(['EN'])).toEqual({ key: 'en', invalid: false });
    expect(languageKey(['en-us'])).toEqual({ key: 'en-US', invalid: false });
    expect(languageKey(['pt_BR'])).toEqual({ key: 'pt-BR', invalid: false });
    expect(languageKey(['iw'])).toEqual({ key: 'he', invalid: false });
    expect(languageKey(['  ja  '])).toEqual({ key: 'ja', invalid: false });
  });

  it('keys by the first tag only, as the seed does', () => {
    expect(languageKey(['en-US', 'en']).key).toBe('en-US');
    expect(languageKey(['es', 'en']).key).toBe('es');
  });

  it('puts posts without tags under und, not counted invalid', () => {
    for (const langs of [undefined, null, [], 'en', { 0: 'en' }, 42]) {
      expect(languageKey(langs)).toEqual({ key: 'und', invalid: false });
    }
  });

  it('puts unusable tags under und and counts them invalid', () => {
    const unusable: unknown[][] = [
      [42],
      [null],
      [['en']],
      ['x'.repeat(65)],
      ['a'.repeat(3) + '-' + 'b'.repeat(61)],
      ['<img src=x onerror=alert(1)>'],
      ['=HYPERLINK("x")'],
      [''],
    ];
    for (const langs of unusable) expect(languageKey(langs)).toEqual({ key: 'und', invalid: true });
  });

  it('accepts a 64-character tag that Intl accepts', () => {
    const tag = ('en-x-' + 'abcdefgh-'.repeat(7)).slice(0, 64);
    expect(tag).toHaveLength(64);
    expect(languageKey([tag])).toEqual({ key: tag, invalid: false });
    expect(languageKey([tag + 'x'])).toEqual({ key: 'und', invalid: true });
  });

  // Intl implements Unicode BCP 47 locale identifiers, which drop RFC 5646's irregular
  // grandfathered tags (i-default, i-navajo, sgn-BE-NL) and bare private-use tags (x-…).
  const notUnicodeLocales = new Set(['sgn-BE-NL', 'i-default', 'i-navajo', 'X-fr-CH']);

  it("keys the interop suite's valid tags to themselves, canonicalised", () => {
    const valid = vectors('language_syntax_valid.txt');
    expect(valid.length).toBeGreaterThan(15);
    for (const tag of valid) {
      const { key, invalid } = languageKey([tag]);
      if (notUnicodeLocales.has(tag)) {
        expect({ tag, key, invalid }).toEqual({ tag, key: 'und', invalid: true });
      } else {
        expect({ tag, invalid }).toEqual({ tag, invalid: false });
        expect(key.toLowerCase().slice(0, 2)).toBe(
          Intl.getCanonicalLocales(tag)[0]!.toLowerCase().slice(0, 2),
        );
      }
    }
  });

  it("rejects the interop suite's invalid tags, except letter case which Intl canonicalises", () => {
    for (const tag of [
      ...vectors('language_syntax_invalid.txt'),
      ...vectors('language_parse_invalid.txt'),
    ]) {
      const result = languageKey([tag]);
      if (tag === 'JA') expect(result).toEqual({ key: 'ja', invalid: false });
      else expect({ tag, ...result }).toEqual({ tag, key: 'und', invalid: true });
    }
  });
});
