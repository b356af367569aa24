// `npm run bench:verdict -- [--level=0.95] FILE...`: a verdict over whole runs of
// `npm run bench:browser`. Runs of one VM differ by more than one run's bootstrap interval
// shows (bench notes, runs RX and RY), so a ratio this close to its target is judged over runs:
//
//   - each run's own ratio: the geometric mean of its rounds' ratios (ours over the floor);
//   - burst and paced, the mean of those run ratios with a Student's t interval over runs;
//   - paced, also every run's rounds pooled, with a bootstrap interval over rounds.
//
// A FILE is a run's output or just its last line, the JSON summary (tests/bench/runs/ keeps
// the runs the README cites). Paced rounds count only from runs of `--paced-seconds` (60 by
// default): 10-s rounds measure a different stream. `--to-last-frame` judges the CPU up to each
// round's last frame, without the collecting step (runs from RX on print both).

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { countOption, optionValue } from './cli-options.ts';
import { geometricMean, geometricMeanInterval, type Interval } from './ratio-interval.ts';
import { meanInterval } from './student-t.ts';

const TARGET = 1.1;
const LEVEL = Number(optionValue('level') ?? '0.9');
const PACED_SECONDS = countOption('paced-seconds') ?? 60;
const TO_LAST_FRAME = process.argv.includes('--to-last-frame');

interface Run {
  name: string;
  burst: number[];
  paced: number[];
}

/** The run's JSON summary: the one line of its output that starts as the bench prints it. */
function readRun(file: string): Run {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((text) => text.startsWith('{"cores"'));
  if (line === undefined) throw new Error(`${file}: no JSON summary line`);
  const summary = JSON.parse(line) as Record<string, unknown>;
  const ratios = (phase: 'burst' | 'paced'): number[] => {
    const key = `${phase}_round_ratios${TO_LAST_FRAME ? '_delivering' : ''}`;
    const value = summary[key];
    if (!Array.isArray(value) || !value.every((ratio) => typeof ratio === 'number' && ratio > 0)) {
      throw new Error(`${file}: no ${key} in its summary`);
    }
    return value as number[];
  };
  return {
    name: basename(file).replace(/\.[^.]*$/, ''),
    burst: ratios('burst'),
    paced: summary.paced_seconds === PACED_SECONDS ? ratios('paced') : [],
  };
}

function verdict({ low, high }: Interval): string {
  if (high < TARGET) return 'met';
  if (low > TARGET) return 'not met';
  return 'unresolved';
}

const fixed = (value: number): string => value.toFixed(3);
const span = ({ low, high }: Interval): string => `${fixed(low)}-${fixed(high)}x`;

const files = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!(LEVEL > 0 && LEVEL < 1) || files.length === 0) {
  console.error(
    'usage: npm run bench:verdict -- [--level=0.9] [--paced-seconds=60] [--to-last-frame] FILE...',
  );
  process.exit(2);
}
const runs = files.map(readRun);
const percent = `${Math.round(LEVEL * 100)}%`;

console.log(
  `run          burst rounds  ratio  ${percent} interval   paced rounds  ratio  ${percent} interval`,
);
for (const { name, burst, paced } of runs) {
  const pacedText =
    paced.length === 0
      ? ''
      : `${String(paced.length).padStart(12)}  ${fixed(geometricMean(paced))}  ` +
        span(geometricMeanInterval(paced, LEVEL));
  console.log(
    `${name.padEnd(12)} ${String(burst.length).padStart(12)}  ${fixed(geometricMean(burst))}  ` +
      `${span(geometricMeanInterval(burst, LEVEL)).padEnd(13)}  ${pacedText}`,
  );
}

const target = `target ≤ ${TARGET.toFixed(2)}x`;
for (const phase of ['burst', 'paced'] as const) {
  const ratios = runs
    .filter((run) => run[phase].length > 0)
    .map((run) => geometricMean(run[phase]));
  if (ratios.length < 2) continue;
  const { mean, interval } = meanInterval(ratios, LEVEL);
  console.log(
    `${phase} over ${ratios.length} runs: ${fixed(mean)}x, ${percent} interval ${span(interval)} ` +
      `(Student's t, ${ratios.length - 1} df), ${target}: ${verdict(interval)}`,
  );
}
const pooled = runs.flatMap((run) => run.paced);
if (pooled.length > 0) {
  const interval = geometricMeanInterval(pooled, LEVEL);
  console.log(
    `paced rounds pooled (${pooled.length}): ${fixed(geometricMean(pooled))}x, ${percent} ` +
      `interval ${span(interval)} (bootstrap over rounds), ${target}: ${verdict(interval)}`,
  );
}
