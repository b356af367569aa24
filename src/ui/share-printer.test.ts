import { describe, expect, it } from 'vitest';
import { formatPercent } from './format';
import { SHARE_HOLD_POINTS, SharePrinter } from './share-printer';

describe('SharePrinter', () => {
  it('prints a new key as formatPercent does', () => {
    const shares = new SharePrinter();
    for (const fraction of [0, 0.0004, 0.001, 0.17647, 0.5, 1]) {
      expect(shares.print(`k${fraction}`, fraction)).toBe(formatPercent(fraction));
    }
  });

  it('holds a share that hovers on a rounding boundary, and follows one that moves on', () => {
    const shares = new SharePrinter();
    // 3 posts in 17 is 17.647%: the counts of a repeating stream wobble around it.
    expect(shares.print('tr', 0.17647)).toBe('17.6%');
    for (const percent of [17.651, 17.649, 17.655, 17.66, 17.64, 17.669]) {
      expect(shares.print('tr', percent / 100)).toBe('17.6%');
    }
    // Clearly past the boundary: the new value, held in turn.
    expect(shares.print('tr', 17.671 / 100)).toBe('17.7%');
    expect(shares.print('tr', 17.64 / 100)).toBe('17.7%');
    expect(shares.print('tr', 17.62 / 100)).toBe('17.6%');
    // A big move prints at once.
    expect(shares.print('tr', 0.3)).toBe('30.0%');
  });

  it('is never further from the exact share than half a step plus the hold', () => {
    const shares = new SharePrinter();
    let percent = 10;
    for (let i = 0; i < 5000; i++) {
      percent += Math.sin(i * 0.37) * 0.03;
      const printed = Number(shares.print('x', percent / 100).replace('%', ''));
      expect(Math.abs(printed - percent)).toBeLessThanOrEqual(0.05 + SHARE_HOLD_POINTS + 1e-9);
    }
  });

  it('keeps keys apart and prints zero and tiny shares as such', () => {
    const shares = new SharePrinter();
    expect(shares.print('a', 0.5)).toBe('50.0%');
    expect(shares.print('b', 0.25)).toBe('25.0%');
    expect(shares.print('a', 0)).toBe('0%');
    expect(shares.print('a', 0.0005)).toBe('<0.1%');
    // A bound is never held past what it says.
    expect(shares.print('a', 0.00101)).toBe('0.1%');
    expect(shares.print('a', 0.00099)).toBe('0.1%');
  });
});
