// One pipeline of the decode benchmark, alone in its worker thread: its own V8 heap and JIT, so
// that another pipeline's garbage (naive copies every block of every frame) or type feedback
// (naive and ours both run cborg) cannot slow it down or speed it up. decode-bench.ts starts one
// per pipeline and asks them in turn to count or to time passes over the frames it sends.

import { parentPort, workerData } from 'node:worker_threads';
import { FirehoseCounter } from '../../src/worker/firehose-counter.ts';
import { countAtcute } from './reference-atcute.ts';
import { countNaive } from './reference-naive.ts';

export type PipelineName = 'ours' | 'atcute' | 'naive';

export type WorkerRequest =
  | { type: 'load'; dataset: string; frames: Uint8Array[] }
  | { type: 'count'; dataset: string }
  | { type: 'time'; dataset: string; passes: number };

export type WorkerReply =
  | { type: 'loaded' }
  | { type: 'counts'; counts: [string, number][] }
  | { type: 'time'; ms: number };

const START_TIME = Date.parse('2026-07-04T14:38:07.000Z');

/**
 * The project's pipeline, exactly as the worker runs it per message. A fresh counter per pass,
 * since its seq dedupe would drop a replayed pass; the counts are read back only when asked,
 * as the references' maps are not read in timed passes either.
 */
function countOurs(frames: readonly Uint8Array[], read: boolean): [string, number][] {
  const counter = new FirehoseCounter(START_TIME);
  let now = START_TIME;
  for (const frame of frames) counter.handle(frame, now++);
  return read ? (counter.windows(now)[0]?.counts ?? []) : [];
}

/** A reference's pass: a fresh map, filled. */
function withMap(
  count: (frames: readonly Uint8Array[], counts: Map<string, number>) => void,
): (frames: readonly Uint8Array[], read: boolean) => [string, number][] {
  return (frames, read) => {
    const counts = new Map<string, number>();
    count(frames, counts);
    return read ? [...counts] : [];
  };
}

const PIPELINES = { ours: countOurs, atcute: withMap(countAtcute), naive: withMap(countNaive) };

const pass = PIPELINES[(workerData as { pipeline: PipelineName }).pipeline];
const datasets = new Map<string, Uint8Array[]>();
const port = parentPort!;

port.on('message', (request: WorkerRequest) => {
  const reply = (message: WorkerReply) => port.postMessage(message);
  switch (request.type) {
    case 'load':
      datasets.set(request.dataset, request.frames);
      return reply({ type: 'loaded' });
    case 'count':
      return reply({ type: 'counts', counts: pass(datasets.get(request.dataset)!, true) });
    case 'time': {
      const frames = datasets.get(request.dataset)!;
      const start = performance.now();
      for (let i = 0; i < request.passes; i++) pass(frames, false);
      return reply({ type: 'time', ms: performance.now() - start });
    }
  }
});
