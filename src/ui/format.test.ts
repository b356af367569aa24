import { describe, it, expect } from 'vitest';
import { formatCount, formatPercent } from './format';

describe('format', () => {
  it('formats shares with one decimal and no division by zero', () => {
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(NaN)).toBe('0%');
    expect(formatPercent(1 / 100_000)).toBe('<0.1%');
    expect(formatPercent(1)).toBe('100.0%');
  });

  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
