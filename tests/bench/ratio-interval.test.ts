import { describe, expect, it } from 'vitest';
import { geometricMean, geometricMeanInterval, ratioInterval } from './ratio-interval.ts';

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

describe('geometricMean and geometricMeanInterval', () => {
  it('weighs a ratio and its inverse alike', () => {
    expect(geometricMean([0.8, 1.25])).toBeCloseTo(1, 12);
    expect(geometricMean([1.1, 1.1, 1.1])).toBeCloseTo(1.1, 12);
  });

  it('holds the geometric mean, and is one point for equal rounds', () => {
    const rounds = [1.02, 1.12, 0.95, 1.08, 1.2, 0.99, 1.05];
    const { low, high } = geometricMeanInterval(rounds);
    expect(low).toBeLessThan(geometricMean(rounds));
    expect(high).toBeGreaterThan(geometricMean(rounds));
    expect(geometricMeanInterval([1.07, 1.07, 1.07])).toEqual({
      low: expect.closeTo(1.07, 12),
      high: expect.closeTo(1.07, 12),
    });
  });

  it('widens with the level', () => {
    const rounds = [1.02, 1.12, 0.95, 1.08, 1.2, 0.99, 1.05];
    const ninety = geometricMeanInterval(rounds, 0.9);
    const ninetyFive = geometricMeanInterval(rounds, 0.95);
    expect(ninetyFive.low).toBeLessThanOrEqual(ninety.low);
    expect(ninetyFive.high).toBeGreaterThanOrEqual(ninety.high);
  });
});
