// `npm run soak`: one million generated events through the worker's pipeline (FirehoseCounter,
// the same code the worker runs per message), printing the heap before and after. The state
// must be O(number of keys), not O(events): the heap after a million events stays flat.
//
// Generating a million realistic frames would take minutes, so a pool of generated frames is
// replayed with fresh seqs. Their seqs start above 2^32, where DAG-CBOR always spends exactly
// eight bytes on an integer, so a new seq is written over the old one in place, and the frame
// stays canonical DAG-CBOR.

import { FirehoseCounter } from '../../src/worker/firehose-counter.ts';
import { generateEvents } from '../support/event-generator.ts';
import { seqOffset } from '../support/frame-codec.ts';

const EVENTS = Number(process.env.SOAK_EVENTS ?? 1_000_000);
const POOL = 10_000;
const FIRST_SEQ = 2 ** 32;
const REPORT_EVERY = 200_000;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function heapMb(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const { frames, expected } = generateEvents({ count: POOL, seed: 11, startSeq: FIRST_SEQ });
const pool = frames.map((frame) => ({
  frame,
  view: new DataView(frame.buffer, frame.byteOffset),
  at: seqOffset(frame),
}));
const passes = Math.ceil(EVENTS / POOL);
console.log(
  `pool: ${POOL} generated frames, ${expected.posts} posts per pass; replaying to ${EVENTS} events`,
);

const counter = new FirehoseCounter(Date.now());
let seq = FIRST_SEQ;
let now = Date.now();
let handled = 0;
// Warm up on one pass so the "before" heap holds the code's steady state, not its first use.
const warmupPool = pool.slice(0, 1000);
for (const { frame, view, at } of warmupPool) {
  view.setBigUint64(at, BigInt(seq++));
  counter.handle(frame, now++);
  handled++;
}
const before = heapMb();
const started = performance.now();
console.log(`heap before: ${before.toFixed(2)} MB after ${handled} events`);

for (let pass = 0; handled < EVENTS && pass <= passes; pass++) {
  for (const { frame, view, at } of pool) {
    if (handled >= EVENTS) break;
    view.setBigUint64(at, BigInt(seq++));
    counter.handle(frame, now++);
    handled++;
    if (handled % REPORT_EVERY === 0)
      console.log(`  ${handled} events, heap ${heapMb().toFixed(2)} MB`);
  }
}

const seconds = (performance.now() - started) / 1000;
const after = heapMb();
const stats = counter.stats(now);
const keys = counter.windows(now)[0]?.counts.length ?? 0;
console.log(
  `heap after:  ${after.toFixed(2)} MB after ${handled} events (${(handled / seconds).toFixed(0)} events/s)`,
);
console.log(
  `posts ${stats.posts}, keys ${keys}, duplicates ${stats.duplicateEvents}, last seq ${stats.lastSeq}`,
);
const growth = after - before;
console.log(
  JSON.stringify({
    events: handled,
    heap_before_mb: +before.toFixed(2),
    heap_after_mb: +after.toFixed(2),
    growth_mb: +growth.toFixed(2),
  }),
);
const expectedPosts = Math.floor((handled - warmupPool.length) / POOL) * expected.posts;
if (stats.posts < expectedPosts || stats.duplicateEvents !== 0) {
  console.error('soak: counts are off');
  process.exit(1);
}
if (growth > 5) {
  console.error(`soak: heap grew by ${growth.toFixed(2)} MB`);
  process.exit(1);
}
