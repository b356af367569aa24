import { describe, it, expect } from 'vitest';
import { OVERFLOW_KEY } from '../engine/keyed-count';
import { UNDETERMINED_KEY } from '../engine/language-key';
import { languageName } from './language-names';

describe('languageName', () => {
  it('names languages in English', () => {
    expect(languageName('en')).toBe('English');
    expect(languageName('ja')).toBe('Japanese');
    expect(languageName('pt-BR')).toBe('Brazilian Portuguese');
  });

  it('names the two keys that are not languages', () => {
    expect(languageName(UNDETERMINED_KEY)).toBe('No language tag');
    expect(languageName(OVERFLOW_KEY)).toBe('Other languages');
  });

  it('falls back to the tag itself when Intl cannot name it', () => {
    expect(languageName('zz')).toBe('zz');
    expect(languageName('qaa')).toBe('qaa');
    // Not a tag at all: DisplayNames throws, the page must not.
    expect(languageName('not a tag!')).toBe('not a tag!');
    expect(languageName('=1+1')).toBe('=1+1');
  });

  it('answers the same twice (from its cache)', () => {
    expect(languageName('de')).toBe('German');
    expect(languageName('de')).toBe('German');
  });
});
