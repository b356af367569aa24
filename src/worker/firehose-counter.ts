// Everything the worker does with one websocket message, without the socket: decode it,
// drop replays, feed new posts to the engine, keep the stats, and tell the socket whether
// the connection must be recycled. Pure enough to test with frames and a clock.

import { decodeFrame } from '../firehose/frame';
import { LanguageCounts } from '../engine/language-counts';
import { sinceStart } from '../engine/windows';
import { NoticeLog } from './notices';
import { RateMeter } from './rate-meter';
import {
  emptyStats,
  type BadFrameKind,
  type FrameKind,
  type Stats,
  type WindowCounts,
  type Notice,
} from './protocol';

/** What the socket must do after a message. */
export type Directive =
  { type: 'continue'; healthy: boolean } | { type: 'recycle'; reason: string; fromLive: boolean };

const CONTINUE: Directive = { type: 'continue', healthy: false };
const HEALTHY: Directive = { type: 'continue', healthy: true };

/** Bad framing or CBOR is a hard error in the event-stream spec: drop the connection. */
const RECYCLING_KINDS: ReadonlySet<BadFrameKind> = new Set([
  'text-frame',
  'too-large',
  'not-cbor',
  'truncated',
  'bad-header',
]);

export class FirehoseCounter {
  readonly #languages = new LanguageCounts([sinceStart()]);
  readonly #notices = new NoticeLog();
  readonly #eventRate = new RateMeter();
  readonly #postRate = new RateMeter();
  #stats = emptyStats();
  #since: number;
  /** The last seq counted: the resume cursor and the dedupe line. */
  #lastSeq: number | null = null;

  constructor(now: number) {
    this.#since = now;
  }

  get cursor(): number | null {
    return this.#lastSeq;
  }

  get since(): number {
    return this.#since;
  }

  handle(data: Uint8Array | string, now: number): Directive {
    const stats = this.#stats;
    stats.frames++;
    stats.bytes += data.length;
    if (typeof data === 'string') {
      return this.#badFrame('text-frame', 'relay sent a text frame; the firehose is binary', now);
    }
    const frame = decodeFrame(data);
    switch (frame.type) {
      case 'error':
        return this.#badFrame(frame.kind, frame.message, now);
      case 'relay-error':
        return this.#relayError(frame.error, frame.message, now);
      case 'info':
        return this.#info(frame.name, frame.message, now);
      case 'unknown':
        this.#count('unknown');
        return frame.seq === null ? CONTINUE : this.#advance(frame.seq, null, now);
    }
    // An event with a seq and a time: the one place events are counted, so that the browser
    // compiles this bookkeeping once rather than into each case above.
    this.#count(frame.type);
    const directive = this.#advance(frame.seq, frame.time, now);
    if (directive !== HEALTHY || frame.type !== 'commit') return directive;
    const { posts, undecodable } = frame;
    for (let i = 0; i < undecodable.length; i++) {
      const reason = undecodable[i]!.reason;
      stats.undecodablePosts++;
      if (reason !== 'missing-block') stats.badFrames[reason]++;
    }
    if (posts.length === 0) return HEALTHY;
    // Parsed only for commits with posts: Date.parse on every commit was 5% of the pipeline.
    const time = parseTime(frame.time, now);
    // Index loops: an iterator object per commit was garbage.
    for (let i = 0; i < posts.length; i++) {
      const { repo, langs } = posts[i]!;
      this.#languages.add({ seq: frame.seq, time, repo, langs });
    }
    stats.posts += posts.length;
    this.#postRate.add(now, posts.length);
    return HEALTHY;
  }

  #info(name: string, message: string | null, now: number): Directive {
    this.#count('info');
    if (name === 'OutdatedCursor') {
      this.#notices.add(
        'warning',
        'outdated-cursor',
        `the relay no longer holds events after seq ${this.#lastSeq ?? '?'}` +
          ` (last counted event at ${this.#stats.lastEventTime?.slice(0, 64) ?? 'unknown time'}):` +
          ` events were missed until the stream resumed at ${new Date(now).toISOString()}` +
          (message ? ` (${message})` : ''),
        now,
      );
    } else {
      this.#notices.add('info', 'relay-info', `${name}: ${message ?? ''}`, now);
    }
    return CONTINUE;
  }

  /** Whether this seq is new; counts it as processed if so. Returns HEALTHY if counted. */
  #advance(seq: number, time: string | null, now: number): Directive {
    if (this.#lastSeq !== null && seq <= this.#lastSeq) {
      // Relays replay from the cursor inclusively and may resend events: count each seq once.
      this.#stats.duplicateEvents++;
      return CONTINUE;
    }
    this.#lastSeq = seq;
    this.#stats.lastSeq = seq;
    if (time !== null) this.#stats.lastEventTime = time;
    this.#eventRate.add(now);
    return HEALTHY;
  }

  #badFrame(kind: BadFrameKind, message: string, now: number): Directive {
    this.#stats.badFrames[kind]++;
    if (!RECYCLING_KINDS.has(kind)) return CONTINUE;
    this.#notices.add('warning', `bad-frame`, `${kind}: ${message}; reconnecting`, now);
    return { type: 'recycle', reason: `${kind}: ${message}`, fromLive: false };
  }

  #relayError(error: string, message: string | null, now: number): Directive {
    this.#count('error');
    const detail = `${error}${message ? `: ${message}` : ''}`;
    if (error === 'FutureCursor') {
      // Our cursor is ahead of this relay (a different or reset relay): its seqs are not ours.
      const lost = this.#lastSeq;
      this.#lastSeq = null;
      this.#notices.add(
        'warning',
        'future-cursor',
        `relay does not know cursor ${lost ?? '?'} (${detail}); counting continues from the live stream`,
        now,
      );
      return { type: 'recycle', reason: detail, fromLive: true };
    }
    if (error === 'ConsumerTooSlow') {
      this.#notices.add(
        'warning',
        'consumer-too-slow',
        `relay dropped us for reading too slowly (${detail}); resuming from the cursor`,
        now,
      );
    } else {
      this.#notices.add('error', 'relay-error', `relay error ${detail}`, now);
    }
    return { type: 'recycle', reason: `relay error ${detail}`, fromLive: false };
  }

  #count(kind: FrameKind): void {
    this.#stats.frameKinds[kind]++;
  }

  notice(level: Notice['level'], code: string, message: string, now: number): void {
    this.#notices.add(level, code, message, now);
  }

  stats(now: number): Stats {
    return {
      ...this.#stats,
      // From the network: bounded here, once per snapshot rather than once per event.
      lastEventTime: this.#stats.lastEventTime?.slice(0, 64) ?? null,
      frameKinds: { ...this.#stats.frameKinds },
      badFrames: { ...this.#stats.badFrames },
      invalidLanguageTags: this.#languages.invalidTags,
      eventsPerSecond: this.#eventRate.perSecond(now),
      postsPerSecond: this.#postRate.perSecond(now),
    };
  }

  windows(now: number): WindowCounts[] {
    return this.#languages.read(now);
  }

  notices(): Notice[] {
    return this.#notices.list();
  }

  reset(now: number): void {
    this.#languages.clear();
    this.#notices.clear();
    this.#stats = emptyStats();
    this.#since = now;
    // The cursor survives: a reset forgets counts, it does not re-read history.
    this.#stats.lastSeq = this.#lastSeq;
  }
}

function parseTime(time: string | null, fallback: number): number {
  const parsed = time === null ? NaN : Date.parse(time);
  return Number.isFinite(parsed) ? parsed : fallback;
}
