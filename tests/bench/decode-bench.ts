// `npm run bench`: the worker's whole per-message pipeline (FirehoseCounter.handle) against two
// references doing the same job — decode header and body, keep post creates, find the record
// block in the CAR, decode it, key its first language, count per key — one on atcute, one on
// the plain @ipld stack. Checks that all three count the same (exit code 1 if not), then times
// them in interleaved rounds and prints medians, ending with one JSON line for the generated mix.
//
// Each pipeline runs in its own worker thread, one at a time: in one shared isolate, naive's
// garbage (a copy of every block) set off full GCs during the others' runs, and full GCs drop
// the optimized code of whichever pipeline was running (`--trace-deopt`: "weak objects").
//
// Run with `node --expose-gc --import tsx tests/bench/decode-bench.ts` (`npm run bench`).

import type { Worker } from 'node:worker_threads';
import { captureDataset, describeDataset, mixDataset, type Dataset } from './bench-data.ts';
import type { PipelineName, WorkerReply, WorkerRequest } from './bench-worker.ts';
import { median } from './median.ts';
import { tsxWorker } from './tsx-worker.ts';

const PIPELINES: readonly PipelineName[] = ['ours', 'atcute', 'naive'];
const ROUNDS = 11;
const WARMUP_ROUNDS = 3;
/** Each timed run repeats its dataset until it lasts about this long (set during warm-up). */
const TARGET_RUN_MS = 200;

type Counts = Map<string, number>;

interface Result {
  fps: number;
  mbps: number;
}

const PIPELINE_MODULE = new URL('./bench-worker.ts', import.meta.url);

/** A pipeline in its own worker thread (see bench-worker.ts), one request at a time. */
class PipelineWorker {
  readonly #worker: Worker;
  #pending: { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void } | null = null;

  constructor(readonly name: PipelineName) {
    this.#worker = tsxWorker(PIPELINE_MODULE, { pipeline: name });
    this.#worker.on('message', (reply: WorkerReply) => this.#settle()?.resolve(reply));
    this.#worker.on('error', (error) => this.#settle()?.reject(error));
  }

  request<T extends WorkerReply['type']>(
    message: WorkerRequest,
  ): Promise<Extract<WorkerReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.#pending = { resolve: resolve as (reply: WorkerReply) => void, reject };
      this.#worker.postMessage(message);
    });
  }

  #settle() {
    const pending = this.#pending;
    this.#pending = null;
    return pending;
  }

  terminate(): Promise<number> {
    return this.#worker.terminate();
  }
}

async function main(): Promise<void> {
  const datasets = [captureDataset(), mixDataset()];
  const workers = PIPELINES.map((name) => new PipelineWorker(name));
  try {
    for (const dataset of datasets) {
      printShape(dataset);
      for (const worker of workers) {
        await worker.request({ type: 'load', dataset: dataset.name, frames: dataset.frames });
      }
    }
    let ok = true;
    for (const dataset of datasets) ok = (await checkCounts(dataset, workers)) && ok;
    if (!ok) {
      console.error('FAIL: the pipelines disagree; not timing them');
      process.exitCode = 1;
      return;
    }

    const results = await measure(datasets, workers);
    const mix = results.get(datasets[1]!.name)!;
    const ours = mix.get('ours')!.fps;
    const atcute = mix.get('atcute')!.fps;
    const naive = mix.get('naive')!.fps;
    console.log(
      JSON.stringify({
        ours_fps: Math.round(ours),
        atcute_fps: Math.round(atcute),
        naive_fps: Math.round(naive),
        vs_atcute: round2(ours / atcute),
        vs_naive: round2(ours / naive),
      }),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function printShape(dataset: Dataset): void {
  const shape = describeDataset(dataset);
  const kinds = Object.entries(shape.kinds)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  console.log(
    `${dataset.name}: ${shape.frames} frames, ${(dataset.bytes / 1e6).toFixed(2)} MB,` +
      ` avg ${(shape.averageBytes / 1000).toFixed(2)} KB/frame, ${pct(shape.carShare)} CAR bytes,` +
      ` ${pct(shape.postCommitShare)} commits with a post create (${kinds})`,
  );
}

/** All three pipelines must agree key by key (and with the generator's ground truth, if any). */
async function checkCounts(dataset: Dataset, workers: readonly PipelineWorker[]): Promise<boolean> {
  const all: { name: string; counts: Counts }[] = [];
  for (const worker of workers) {
    const reply = await worker.request<'counts'>({ type: 'count', dataset: dataset.name });
    all.push({ name: worker.name, counts: new Map(reply.counts) });
  }
  const [reference, ...others] = all;
  let ok = true;
  const compare = (name: string, counts: Counts): void => {
    const problems = diff(reference!.counts, counts);
    if (problems.length > 0) {
      ok = false;
      console.error(`  MISMATCH ${reference!.name} vs ${name}: ${problems.join('; ')}`);
    }
  };
  for (const other of others) compare(other.name, other.counts);
  if (dataset.expected) compare('ground truth', new Map(Object.entries(dataset.expected.byKey)));
  const keys = [...reference!.counts]
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
  console.log(
    `  counts ${ok ? 'identical' : 'DIFFER'} across ours, atcute, naive` +
      `${dataset.expected ? ' and ground truth' : ''}: ${sum(reference!.counts)} posts,` +
      ` ${reference!.counts.size} keys (${keys})`,
  );
  return ok;
}

function diff(a: Counts, b: Counts): string[] {
  const problems: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key)) {
      problems.push(`${key}: ${a.get(key) ?? 0} vs ${b.get(key) ?? 0}`);
    }
  }
  if (sum(a) !== sum(b)) problems.push(`total: ${sum(a)} vs ${sum(b)}`);
  return problems;
}

/**
 * Warm-up rounds (which also size each run to about TARGET_RUN_MS), then ROUNDS timed rounds.
 * Every round visits every dataset and every pipeline, one at a time, in an order rotated each
 * round so that none always runs first. Nothing forces a GC: each pipeline has its own heap.
 */
async function measure(
  datasets: readonly Dataset[],
  workers: readonly PipelineWorker[],
): Promise<Map<string, Map<PipelineName, Result>>> {
  const key = (d: Dataset, w: PipelineWorker) => `${d.name}/${w.name}`;
  const passes = new Map<string, number>();
  const times = new Map<string, number[]>();
  for (const d of datasets) for (const w of workers) passes.set(key(d, w), 1);

  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    for (const dataset of datasets) {
      for (let i = 0; i < workers.length; i++) {
        const worker = workers[(round + i) % workers.length]!;
        const k = key(dataset, worker);
        const { ms } = await worker.request<'time'>({
          type: 'time',
          dataset: dataset.name,
          passes: passes.get(k)!,
        });
        if (round < WARMUP_ROUNDS) {
          const perPass = ms / passes.get(k)!;
          passes.set(k, Math.max(1, Math.round(TARGET_RUN_MS / perPass)));
        } else {
          times.set(k, [...(times.get(k) ?? []), ms / passes.get(k)!]);
        }
      }
    }
  }

  const results = new Map<string, Map<PipelineName, Result>>();
  for (const dataset of datasets) {
    const byPipeline = new Map<PipelineName, Result>();
    console.log(
      `\n${dataset.name}: ${dataset.frames.length} frames a pass, median of ${ROUNDS} rounds` +
        ` of about ${TARGET_RUN_MS} ms per pipeline`,
    );
    for (const worker of workers) {
      const perPass = times.get(key(dataset, worker))!;
      const seconds = median(perPass) / 1000;
      const result = { fps: dataset.frames.length / seconds, mbps: dataset.bytes / 1e6 / seconds };
      byPipeline.set(worker.name, result);
      const spread = perPass.map((ms) => ms.toFixed(1)).join(' ');
      console.log(
        `  ${worker.name.padEnd(7)}${fmt(result.fps).padStart(10)} frames/s` +
          `${result.mbps.toFixed(1).padStart(9)} MB/s` +
          `   (${passes.get(key(dataset, worker))} passes a run; ms a pass: ${spread})`,
      );
    }
    const ours = byPipeline.get('ours')!.fps;
    console.log(
      `  ours/atcute ${(ours / byPipeline.get('atcute')!.fps).toFixed(2)}x,` +
        ` ours/naive ${(ours / byPipeline.get('naive')!.fps).toFixed(2)}x`,
    );
    results.set(dataset.name, byPipeline);
  }
  return results;
}

function sum(counts: Counts): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const round2 = (n: number): number => Math.round(n * 100) / 100;

await main();
