import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('gives events per second over the last two seconds', () => {
    const meter = new RateMeter();
    for (let ms = 0; ms < 4000; ms += 10) meter.add(1_000_000 + ms); // 100 a second
    expect(meter.perSecond(1_003_999)).toBeCloseTo(100, 0);
  });

  it('counts a batch at once, and decays to zero when events stop', () => {
    const meter = new RateMeter();
    meter.add(1_000_000, 50);
    expect(meter.perSecond(1_000_100)).toBe(25);
    expect(meter.perSecond(1_001_900)).toBe(25);
    expect(meter.perSecond(1_002_100)).toBe(0);
    expect(meter.perSecond(9_000_000)).toBe(0);
  });

  it('counts an event from a clock that stepped back as a current one', () => {
    const meter = new RateMeter();
    meter.add(1_000_000);
    meter.add(999_000);
    expect(meter.perSecond(1_000_000)).toBe(1);
  });
});
