// What the browser bench sends: copies of real or generated frames, each with a fresh seq,
// appended to the local relay at once (a burst) or on a schedule (a paced stream).

import { setTimeout as sleep } from 'node:timers/promises';
import { POST, commitFrame, postRecord } from '../support/frame-builder.ts';
import { seqOffset } from '../support/frame-codec.ts';
import { createRandom } from '../support/prng.ts';
import type { TestRelay } from '../support/test-relay.ts';
import { tidFromTime } from '../support/tid.ts';

/** Node appends paced frames to the relay this often; the relay sends them at once. */
const FEED_TICK_MS = 10;
/** Frames the relay keeps behind the newest, for paced streams (its backfill window). */
const RELAY_RETAIN = 20_000;

/** Copies of a pool of frames, in order and round again, each with the next seq. */
export class FrameSource {
  readonly #pool: { frame: Uint8Array; at: number }[];
  #next = 0;
  #seq: number;

  constructor(pool: readonly Uint8Array[], firstSeq: number) {
    if (firstSeq < 2 ** 32) throw new Error('seqs below 2^32 would not fill eight bytes');
    this.#pool = pool.map((frame) => ({ frame, at: seqOffset(frame) }));
    this.#seq = firstSeq;
  }

  /** The seq of the last frame taken. */
  get lastSeq(): number {
    return this.#seq - 1;
  }

  take(count: number): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const { frame, at } = this.#pool[this.#next]!;
      this.#next = (this.#next + 1) % this.#pool.length;
      const copy = frame.slice();
      new DataView(copy.buffer).setBigUint64(at, BigInt(this.#seq++));
      frames.push(copy);
    }
    return frames;
  }
}

/** How long a fresh page may take to open its socket on the relay. */
const CONNECT_TIMEOUT_MS = 30_000;

/** Waits until a page has opened its socket on the relay; `what` names it in the error. */
export async function waitConnected(relay: TestRelay, what: string): Promise<void> {
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  while (relay.openConnections < 1) {
    if (Date.now() > deadline) throw new Error(`${what} never connected to the relay`);
    await sleep(20);
  }
}

/** Appends in slices: the relay spreads each list into a push, and spreads have a limit. */
export function appendAll(relay: TestRelay, frames: readonly Uint8Array[]): void {
  for (let i = 0; i < frames.length; i += 10_000) relay.appendFrames(frames.slice(i, i + 10_000));
}

/**
 * Feeds `rate` frames a second for `seconds`, on a schedule kept from the start. `midway` is
 * started (not awaited, so the schedule holds) once half the frames are fed.
 */
export async function feedPaced(
  relay: TestRelay,
  source: FrameSource,
  rate: number,
  seconds: number,
  midway?: () => Promise<void>,
): Promise<number> {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  let fed = 0;
  let midwayDone: Promise<void> | undefined;
  while (fed < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
    if (due > fed) {
      relay.appendFrames(source.take(due - fed), { retain: RELAY_RETAIN });
      fed = due;
    }
    if (midway !== undefined && midwayDone === undefined && fed >= total / 2) midwayDone = midway();
    await sleep(FEED_TICK_MS);
  }
  await midwayDone;
  return total;
}

/** ISO 639-1 codes that `Intl` keeps as they are: 150 distinct keys in the app. */
export const TREEMAP_TAGS: readonly string[] = (
  'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy ' +
  'da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht ' +
  'hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky ' +
  'la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn nr nv ny oc ' +
  'oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st'
).split(' ');

/**
 * One post per frame. The first frames carry each tag once, so the treemap holds all 150
 * tiles from the start; the rest draw tags with Zipf weights, so tiles differ in size and
 * every snapshot moves them a little, as the live network does.
 */
export function treemapPool(size: number): Uint8Array[] {
  if (new Set(TREEMAP_TAGS).size !== 150) throw new Error('need 150 distinct tags');
  const random = createRandom(150);
  const weighted = TREEMAP_TAGS.map((tag, rank) => [tag, 1 / (rank + 1)] as const);
  const time = '2026-07-04T14:38:07.000Z';
  return Array.from({ length: size }, (_, i) => {
    const lang = i < TREEMAP_TAGS.length ? TREEMAP_TAGS[i]! : random.weighted(weighted);
    const record = postRecord(`post ${i} in ${lang}`, time, [lang]);
    return commitFrame({
      seq: 2 ** 32 + i,
      time,
      ops: [{ action: 'create', collection: POST, rkey: tidFromTime(time, i), record }],
      fillerBytes: 0,
    });
  });
}

/** The seq written in a frame (at seqOffset, as eight bytes). */
export function seqOf(frame: Uint8Array): number {
  return Number(new DataView(frame.buffer, frame.byteOffset).getBigUint64(seqOffset(frame)));
}
