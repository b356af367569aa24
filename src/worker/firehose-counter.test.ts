import { describe, expect, it } from 'vitest';
import {
  accountFrame,
  badBodyFrame,
  badCarFrame,
  badHeaderFrame,
  badRecordFrame,
  badSeqFrame,
  commitFrame,
  errorFrame,
  identityFrame,
  infoFrame,
  notCborFrame,
  oversizeFrame,
  POST,
  postRecord,
  truncatedFrame,
  unknownTypeFrame,
} from '../../tests/support/frame-builder';
import { readCapture } from '../../tests/support/frame-codec';
import { FirehoseCounter } from './firehose-counter';

const NOW = Date.parse('2026-11-28T12:00:00Z');

function post(seq: number, langs: unknown, extra: { omit?: boolean } = {}) {
  return commitFrame({
    seq,
    fillerBytes: 0,
    ops: [
      {
        action: 'create',
        collection: POST,
        rkey: `r${seq}`,
        record: postRecord('hi', '2026-01-01T00:00:00Z', langs),
      },
    ],
    ...(extra.omit ? { omitBlocksFor: [0] } : {}),
  });
}

function counts(counter: FirehoseCounter) {
  return Object.fromEntries(counter.windows(NOW)[0]!.counts);
}

describe('FirehoseCounter', () => {
  it('counts the real capture: en 7, tr 3, one each of ja ko de ru en-US es und', () => {
    const counter = new FirehoseCounter(NOW);
    for (const frame of readCapture()) counter.handle(frame, NOW);
    expect(counts(counter)).toEqual({
      en: 7,
      tr: 3,
      ja: 1,
      ko: 1,
      de: 1,
      ru: 1,
      'en-US': 1,
      es: 1,
      und: 1,
    });
    const stats = counter.stats(NOW);
    expect(stats).toMatchObject({
      frames: 150,
      posts: 17,
      lastSeq: 31527015471,
      undecodablePosts: 0,
    });
    expect(stats.frameKinds).toMatchObject({ commit: 148, identity: 1, account: 1 });
    expect(counter.cursor).toBe(31527015471);
  });

  it('counts each seq once, whatever the relay replays', () => {
    const counter = new FirehoseCounter(NOW);
    for (const seq of [1, 2, 2, 3, 1, 3, 4]) counter.handle(post(seq, ['en']), NOW);
    expect(counts(counter)).toEqual({ en: 4 });
    expect(counter.stats(NOW).duplicateEvents).toBe(3);
  });

  it('counts every create in a commit, updates and deletes not at all, identical records twice', () => {
    const record = postRecord('same', '2026-01-01T00:00:00Z', ['de']);
    const frame = commitFrame({
      seq: 10,
      fillerBytes: 0,
      ops: [
        { action: 'create', collection: POST, rkey: 'a', record },
        { action: 'create', collection: POST, rkey: 'b', record },
        {
          action: 'update',
          collection: POST,
          rkey: 'c',
          record: postRecord('x', '2026-01-01T00:00:00Z', ['fr']),
        },
        { action: 'delete', collection: POST, rkey: 'd' },
        { action: 'create', collection: 'app.bsky.feed.like', rkey: 'e' },
      ],
    });
    const counter = new FirehoseCounter(NOW);
    expect(counter.handle(frame, NOW)).toEqual({ type: 'continue', healthy: true });
    expect(counts(counter)).toEqual({ de: 2 });
  });

  it('skips a post whose block is missing and counts it undecodable', () => {
    const counter = new FirehoseCounter(NOW);
    counter.handle(post(1, ['en'], { omit: true }), NOW);
    counter.handle(post(2, ['en']), NOW);
    expect(counts(counter)).toEqual({ en: 1 });
    expect(counter.stats(NOW)).toMatchObject({ posts: 1, undecodablePosts: 1, lastSeq: 2 });
  });

  it('counts unusable tags under und and as invalid', () => {
    const counter = new FirehoseCounter(NOW);
    const tags = [['<img src=x onerror=alert(1)>'], ['=HYPERLINK("x")'], [7], undefined, ['EN']];
    tags.forEach((langs, i) => counter.handle(post(i + 1, langs), NOW));
    expect(counts(counter)).toEqual({ und: 4, en: 1 });
    expect(counter.stats(NOW).invalidLanguageTags).toBe(3);
  });

  it('counts identity, account, info and unknown frames without counting posts', () => {
    const counter = new FirehoseCounter(NOW);
    counter.handle(identityFrame({ seq: 1 }), NOW);
    counter.handle(accountFrame({ seq: 2 }), NOW);
    counter.handle(infoFrame('Heads-up', 'hello'), NOW);
    counter.handle(unknownTypeFrame(3), NOW);
    expect(counter.stats(NOW).frameKinds).toMatchObject({
      identity: 1,
      account: 1,
      info: 1,
      unknown: 1,
    });
    expect(counter.cursor).toBe(3);
    expect(counter.stats(NOW).posts).toBe(0);
  });

  it('recycles the connection on bad framing, and only skips bad content', () => {
    const good = post(5, ['en']);
    const cases: [string, Uint8Array | string, 'recycle' | 'continue'][] = [
      ['text-frame', 'hello', 'recycle'],
      ['not-cbor', notCborFrame(), 'recycle'],
      ['truncated', truncatedFrame(good), 'recycle'],
      ['bad-header', badHeaderFrame('array', 6), 'recycle'],
      ['too-large', oversizeFrame(7), 'recycle'],
      ['bad-body', badBodyFrame(8), 'continue'],
      ['bad-seq', badSeqFrame('string'), 'continue'],
      ['bad-car', badCarFrame(9), 'continue'],
      ['bad-record', badRecordFrame(10), 'continue'],
    ];
    const counter = new FirehoseCounter(NOW);
    counter.handle(post(1, ['ja']), NOW);
    for (const [kind, frame, action] of cases) {
      expect({ kind, directive: counter.handle(frame, NOW).type }).toEqual({
        kind,
        directive: action,
      });
      expect({ kind, n: counter.stats(NOW).badFrames[kind as 'bad-car'] }).toEqual({ kind, n: 1 });
    }
    expect(counts(counter)).toEqual({ ja: 1 });
    expect(counter.stats(NOW).undecodablePosts).toBe(2);
  });

  it('answers relay errors as the spec asks', () => {
    const counter = new FirehoseCounter(NOW);
    counter.handle(post(100, ['en']), NOW);
    expect(counter.handle(errorFrame('ConsumerTooSlow', 'slow'), NOW)).toMatchObject({
      type: 'recycle',
      fromLive: false,
    });
    expect(counter.cursor).toBe(100);
    expect(counter.handle(errorFrame('Weird', 'x'), NOW)).toMatchObject({
      type: 'recycle',
      fromLive: false,
    });
    expect(counter.handle(errorFrame('FutureCursor', 'ahead'), NOW)).toMatchObject({
      type: 'recycle',
      fromLive: true,
    });
    expect(counter.cursor).toBeNull();
    // After a restart from live, lower seqs from the new stream are counted.
    counter.handle(post(3, ['en']), NOW);
    expect(counts(counter)).toEqual({ en: 2 });
    expect(counter.notices().map((n) => n.code)).toEqual([
      'consumer-too-slow',
      'relay-error',
      'future-cursor',
    ]);
  });

  it('warns when the relay says the cursor is outdated', () => {
    const counter = new FirehoseCounter(NOW);
    counter.handle(post(100, ['en']), NOW);
    counter.handle(infoFrame('OutdatedCursor', 'too old'), NOW);
    const [notice] = counter.notices();
    expect(notice).toMatchObject({ level: 'warning', code: 'outdated-cursor' });
    expect(notice!.message).toMatch(/missed/);
  });
});
