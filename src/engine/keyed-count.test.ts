import { describe, expect, it } from 'vitest';
import { KeyedCount, OVERFLOW_KEY } from './keyed-count';
import { LanguageCounts } from './language-counts';
import { sinceStart } from './windows';

describe('KeyedCount', () => {
  it('counts per key and in total, sorted by count then key', () => {
    const counts = new KeyedCount();
    for (const key of ['en', 'ja', 'en', 'de', 'ja', 'en', 'ab']) counts.add(key);
    expect(counts.sorted()).toEqual([
      ['en', 3],
      ['ja', 2],
      ['ab', 1],
      ['de', 1],
    ]);
    expect(counts.total).toBe(7);
  });

  it('folds keys beyond the limit into the overflow key, keeping totals exact', () => {
    const counts = new KeyedCount(4);
    for (const key of ['a', 'b', 'c', 'd', 'e', 'a', 'e', 'f']) counts.add(key);
    expect(counts.size).toBe(4);
    expect(counts.total).toBe(8);
    expect(counts.get('a')).toBe(2);
    expect(counts.get(OVERFLOW_KEY)).toBe(4); // d, e, e, f
    expect(counts.sorted().reduce((sum, [, n]) => sum + n, 0)).toBe(8);
  });

  it('clears', () => {
    const counts = new KeyedCount();
    counts.add('en');
    counts.clear();
    expect(counts.sorted()).toEqual([]);
    expect(counts.total).toBe(0);
  });
});

describe('LanguageCounts', () => {
  it('re-keys posts by language and counts them since start', () => {
    const counts = new LanguageCounts([sinceStart()]);
    const posts = [['en'], ['EN'], ['pt_BR'], undefined, [42], ['en-us', 'en']];
    posts.forEach((langs, i) => counts.add({ seq: i + 1, time: 0, repo: 'did:plc:x', langs }));
    expect(counts.read(0)).toEqual([
      {
        window: 'all',
        total: 6,
        counts: [
          ['en', 2],
          ['und', 2],
          ['en-US', 1],
          ['pt-BR', 1],
        ],
      },
    ]);
    expect(counts.invalidTags).toBe(1);
  });
});
