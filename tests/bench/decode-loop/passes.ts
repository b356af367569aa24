// The worker's per-message pipeline (FirehoseCounter.handle) in a tight loop, timed the same way
// in Node and in a Chromium worker (loop-worker.ts), so the two engines can be compared
// on the same frames and the same code.

import { FirehoseCounter } from '../../../src/worker/firehose-counter.ts';

const START_TIME = Date.parse('2026-07-04T14:38:07.000Z');
const ROUNDS = 7;
/** Rounds run first and not kept: the JIT's tiers settle in them. */
const WARMUP_ROUNDS = 2;
/** Warm rounds repeat the 150 frames this often: about 45,000 frames a round. */
const WARM_PASSES = 300;
/** Cold rounds decode this many fresh copies of the frames, once each: 30,000 frames. */
const COLD_COPIES = 200;
/** Written once a cold round's copies are made: larger than any cache on this VM. */
const EVICT_BYTES = 64 << 20;

export interface LoopTimes {
  /** µs per frame, one per round: the same frames again and again, in the CPU's caches. */
  warm: number[];
  /** µs per frame, one per round: frames never read before, like each message off the socket. */
  cold: number[];
}

/** Splits frames.bin (a little-endian u32 length before each frame) into fresh buffers. */
export function splitFrames(file: ArrayBuffer): Uint8Array[] {
  const view = new DataView(file);
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset + 4 <= file.byteLength;) {
    const length = view.getUint32(offset, true);
    frames.push(new Uint8Array(file.slice(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  return frames;
}

/** One pass with a fresh counter, as the worker does per message (its dedupe drops replays). */
function pass(frames: readonly Uint8Array[]): void {
  const counter = new FirehoseCounter(START_TIME);
  let now = START_TIME;
  for (const frame of frames) counter.handle(frame, now++);
}

export function timeLoops(frames: readonly Uint8Array[]): LoopTimes {
  const times: LoopTimes = { warm: [], cold: [] };
  const evict = new Uint8Array(EVICT_BYTES);
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
    let start = performance.now();
    for (let i = 0; i < WARM_PASSES; i++) pass(frames);
    const warm = ((performance.now() - start) * 1000) / (WARM_PASSES * frames.length);

    const copies = Array.from({ length: COLD_COPIES }, () => frames.map((frame) => frame.slice()));
    for (let i = 0; i < evict.length; i += 64) evict[i] = round & 0xff;
    start = performance.now();
    for (const copy of copies) pass(copy);
    const cold = ((performance.now() - start) * 1000) / (COLD_COPIES * frames.length);
    if (round < 0) continue;
    times.warm.push(warm);
    times.cold.push(cold);
  }
  return times;
}
