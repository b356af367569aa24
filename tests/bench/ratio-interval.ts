// How far the ratio of two medians could be from the truth, given the rounds it came from: a
// percentile bootstrap. Runs of one page differ by up to a quarter on this VM, so a ratio a few
// hundredths from its target says nothing alone; the interval says whether the rounds resolve it.

import { createRandom } from '../support/prng.ts';
import { median } from './median.ts';

export interface Interval {
  low: number;
  high: number;
}

/**
 * The central `level` interval of median(ours) / median(floor) over resampled rounds. Rounds are
 * resampled whole (round i's two runs together), as they ran back to back; seeded, so one set
 * of rounds always gives one interval.
 */
export function ratioInterval(
  ours: readonly number[],
  floor: readonly number[],
  level = 0.9,
  resamples = 4_000,
): Interval {
  if (ours.length !== floor.length || ours.length === 0) {
    throw new Error(`rounds do not pair: ${ours.length} against ${floor.length}`);
  }
  const random = createRandom(0x5eed);
  const rounds = ours.length;
  const ratios: number[] = [];
  const pickedOurs = new Array<number>(rounds);
  const pickedFloor = new Array<number>(rounds);
  for (let i = 0; i < resamples; i++) {
    for (let j = 0; j < rounds; j++) {
      const round = random.int(0, rounds - 1);
      pickedOurs[j] = ours[round]!;
      pickedFloor[j] = floor[round]!;
    }
    ratios.push(median(pickedOurs) / median(pickedFloor));
  }
  return centralInterval(ratios, level);
}

/** The central `level` share of a bootstrap's statistics (sorted here, in place). */
function centralInterval(statistics: number[], level: number): Interval {
  statistics.sort((a, b) => a - b);
  const last = statistics.length - 1;
  const tail = (1 - level) / 2;
  return {
    low: statistics[Math.floor(tail * last)]!,
    high: statistics[Math.ceil((1 - tail) * last)]!,
  };
}

/** The geometric mean of ratios: the mean of their logarithms, so 0.9x and 1.1x do not cancel. */
export function geometricMean(ratios: readonly number[]): number {
  if (ratios.length === 0) throw new Error('no ratios');
  return Math.exp(ratios.reduce((sum, ratio) => sum + Math.log(ratio), 0) / ratios.length);
}

/**
 * The central `level` interval of the geometric mean of rounds' own ratios (each round's ours
 * over its floor), by a percentile bootstrap over rounds; seeded like ratioInterval.
 */
export function geometricMeanInterval(
  ratios: readonly number[],
  level = 0.9,
  resamples = 20_000,
): Interval {
  const random = createRandom(0x5eed);
  const means: number[] = [];
  const picked = new Array<number>(ratios.length);
  for (let i = 0; i < resamples; i++) {
    for (let j = 0; j < ratios.length; j++) picked[j] = ratios[random.int(0, ratios.length - 1)]!;
    means.push(geometricMean(picked));
  }
  return centralInterval(means, level);
}
