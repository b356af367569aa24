import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from one second and stops at thirty', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10, 100].map((a) => backoffDelay(a, middle))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000,
    ]);
  });

  it('jitters each delay by at most a fifth, never past the cap', () => {
    expect(backoffDelay(0, () => 0)).toBe(800);
    expect(backoffDelay(0, () => 0.999999)).toBe(1200);
    expect(backoffDelay(4, () => 0.999999)).toBe(19200);
    expect(backoffDelay(5, () => 0.999999)).toBe(30000);
    expect(backoffDelay(5, () => 0)).toBe(24000);
  });
});
