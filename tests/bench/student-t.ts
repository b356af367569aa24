// Student's t quantiles, for intervals over a handful of whole runs: with six or ten runs the
// normal curve's 1.645 would make an interval too narrow to trust (t is 2.015 at five degrees).

import type { Interval } from './ratio-interval.ts';

/**
 * The mean of a few values (whole runs' ratios) and its central `level` interval by Student's t,
 * for values that vary independently around one mean.
 */
export function meanInterval(
  values: readonly number[],
  level = 0.9,
): { mean: number; interval: Interval } {
  const n = values.length;
  if (n < 2) throw new RangeError(`an interval over values needs two or more, got ${n}`);
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const half = studentQuantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, interval: { low: mean - half, high: mean + half } };
}

/** The `p` quantile of Student's t with `df` degrees of freedom (0 < p < 1, df ≥ 1). */
export function studentQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df >= 1)) throw new RangeError(`no t quantile for p=${p}, df=${df}`);
  if (p < 0.5) return -studentQuantile(1 - p, df);
  // The distribution function rises steadily, so halving [0, 1000] finds the quantile of any
  // level an interval here uses (the 0.9995 quantile at one degree of freedom is 637).
  let low = 0;
  let high = 1_000;
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (studentCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** P(T ≤ x) for x ≥ 0: one half plus the density's integral from 0 to x (Simpson's rule). */
function studentCdf(x: number, df: number): number {
  // The density's constant factor, ln Γ((df + 1) / 2) - ln Γ(df / 2) - ln √(df π), once per call.
  const logScale = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  const density = (t: number): number =>
    Math.exp(logScale - ((df + 1) / 2) * Math.log1p((t * t) / df));
  const steps = 2_000;
  const h = x / steps;
  let sum = density(0) + density(x);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * density(i * h);
  return 0.5 + (sum * h) / 3;
}

/** Lanczos' coefficients for g = 7, nine terms. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;

/** ln Γ(z) for z > 0, Lanczos' approximation (LANCZOS): 15 digits. */
function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const w = z - 1;
  let sum: number = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (w + i);
  const t = w + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (w + 0.5) * Math.log(t) - t + Math.log(sum);
}
