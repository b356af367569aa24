import { describe, expect, it } from 'vitest';
import { memoByKey } from './memo-by-key';

describe('memoByKey', () => {
  it('computes each key once, and starts again once it holds the limit', () => {
    const computed: string[] = [];
    const upper = memoByKey((key) => {
      computed.push(key);
      return key.toUpperCase();
    }, 2);
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(computed).toEqual(['a', 'b']);
    expect(upper('c')).toBe('C'); // full: cleared, then c kept
    expect(upper('a')).toBe('A');
    expect(computed).toEqual(['a', 'b', 'c', 'a']);
  });
});
