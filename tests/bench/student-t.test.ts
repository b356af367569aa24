import { describe, expect, it } from 'vitest';
import { meanInterval, studentQuantile } from './student-t.ts';

describe('studentQuantile', () => {
  it('matches the printed tables for the intervals the bench notes use', () => {
    // Two-sided 90% and 95% intervals take the 0.95 and 0.975 quantiles.
    const table: [p: number, df: number, t: number][] = [
      [0.95, 2, 2.92],
      [0.95, 4, 2.132],
      [0.95, 5, 2.015],
      [0.95, 9, 1.833],
      [0.975, 6, 2.447],
      [0.975, 9, 2.262],
      [0.975, 30, 2.042],
      [0.975, 1, 12.706],
    ];
    for (const [p, df, t] of table) expect(studentQuantile(p, df)).toBeCloseTo(t, 3);
  });

  it('is symmetric about zero and tends to the normal curve', () => {
    expect(studentQuantile(0.5, 7)).toBeCloseTo(0, 10);
    expect(studentQuantile(0.05, 5)).toBeCloseTo(-studentQuantile(0.95, 5), 10);
    expect(studentQuantile(0.975, 10_000)).toBeCloseTo(1.96, 2);
  });

  it('refuses what has no quantile', () => {
    expect(() => studentQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentQuantile(0.95, 0)).toThrow(RangeError);
  });
});

describe('meanInterval', () => {
  it('is the mean plus or minus t times the standard error', () => {
    // sd 1.5811, n 5: half width 2.132 * 1.5811 / sqrt(5) = 1.5075 at 90%.
    const { mean, interval } = meanInterval([1, 2, 3, 4, 5], 0.9);
    expect(mean).toBe(3);
    expect(interval.low).toBeCloseTo(3 - 1.5075, 3);
    expect(interval.high).toBeCloseTo(3 + 1.5075, 3);
  });

  it('needs two values', () => {
    expect(() => meanInterval([1.07])).toThrow(RangeError);
  });
});
