import { describe, expect, it } from 'vitest';
import { ratioInterval } from './ratio-interval.ts';

describe('ratioInterval', () => {
  it('is one point when every round has the same ratio', () => {
    const floor = [60, 70, 80, 65, 75];
    const { low, high } = ratioInterval(
      floor.map((us) => us * 1.2),
      floor,
    );
    expect(low).toBeCloseTo(1.2, 10);
    expect(high).toBeCloseTo(1.2, 10);
  });

  it('holds the ratio of the medians, and widens with noisier rounds', () => {
    const floor = [66, 70, 64, 68, 72, 65, 69, 67, 71];
    const calm = floor.map((us, i) => us * (1.08 + (i % 3) * 0.01));
    const noisy = floor.map((us, i) => us * (1.08 + ((i % 3) - 1) * 0.15));
    const narrow = ratioInterval(calm, floor);
    const wide = ratioInterval(noisy, floor);
    expect(narrow.low).toBeLessThanOrEqual(1.09);
    expect(narrow.high).toBeGreaterThanOrEqual(1.09);
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
  });

  it('gives one interval for one set of rounds', () => {
    const ours = [70, 75, 68, 80];
    const floor = [66, 69, 70, 64];
    expect(ratioInterval(ours, floor)).toEqual(ratioInterval(ours, floor));
  });

  it('refuses rounds that do not pair', () => {
    expect(() => ratioInterval([1, 2], [1])).toThrow(/do not pair/);
  });
});
