import * as dagCbor from '@ipld/dag-cbor';
import { CarBufferReader } from '@ipld/car/buffer-reader';
import type { CID } from 'multiformats/cid';
import { describe, expect, it } from 'vitest';
import { generateEvents } from './event-generator.ts';
import { decodeFrame } from './frame-codec.ts';
import { expectedLanguageKey } from './language-ground-truth.ts';

interface Body {
  seq: number;
  blocks: Uint8Array;
  ops: Array<{ action: string; path: string; cid: CID | null }>;
}

/** Byte comparison without vitest's element-by-element deep equality (seconds for 1.5 MB). */
function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  return b !== undefined && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

describe('expectedLanguageKey', () => {
  it.each([
    [['en'], 'en', false],
    [['EN'], 'en', false],
    [['en-us'], 'en-US', false],
    [['pt_BR'], 'pt-BR', false],
    [['iw'], 'he', false],
    [[' ja '], 'ja', false],
    [['es', 'en'], 'es', false],
    [undefined, 'und', false],
    [[], 'und', false],
    ['en', 'und', false],
    [[42], 'und', true],
    [['x'.repeat(65)], 'und', true],
    [['jaja'], 'und', true],
    [['123'], 'und', true],
    [['<img src=x onerror=alert(1)>'], 'und', true],
    [['=HYPERLINK("x")'], 'und', true],
    [['+1'], 'und', true],
    [['-2'], 'und', true],
    [['@a'], 'und', true],
  ])('%j → %s (invalid: %s)', (langs, key, invalid) => {
    expect(expectedLanguageKey(langs)).toEqual({ key, invalid });
  });
});

describe('generateEvents', () => {
  const generated = generateEvents({ count: 3000, seed: 42, startSeq: 1000 });

  it('is deterministic for a seed', () => {
    // A shorter stream is a prefix of a longer one with the same seed.
    const again = generateEvents({ count: 300, seed: 42, startSeq: 1000 });
    expect(again.frames.every((frame, i) => sameBytes(frame, generated.frames[i]))).toBe(true);
    const other = generateEvents({ count: 300, seed: 43, startSeq: 1000 });
    expect(other.frames.every((frame, i) => sameBytes(frame, again.frames[i]))).toBe(false);
  });

  it('keeps its counts consistent', () => {
    const { frames, expected } = generated;
    const sum = Object.values(expected.byKey).reduce((a, b) => a + b, 0);
    expect(sum).toBe(expected.posts);
    expect(expected.byKey['und']).toBeGreaterThanOrEqual(expected.invalidTags);
    expect(expected.commits + expected.identity + expected.account).toBe(frames.length);
    expect(expected.lastSeq).toBe(3999);
    // About 11% of events are post commits, a few with two posts.
    expect(expected.posts / frames.length).toBeGreaterThan(0.08);
    expect(expected.posts / frames.length).toBeLessThan(0.15);
    expect(expected.undecodable).toBeGreaterThan(0);
  });

  it('covers canonicalisation and every unusable tag', () => {
    const { byKey, invalidTags } = generated.expected;
    for (const key of ['en', 'ja', 'pt', 'he', 'pt-BR', 'en-US', 'und'])
      expect(byKey[key]).toBeGreaterThan(0);
    expect(byKey['EN']).toBeUndefined();
    expect(invalidTags).toBeGreaterThanOrEqual(11);
  });

  it('frames are realistic in size', () => {
    const total = generated.frames.reduce((sum, frame) => sum + frame.length, 0);
    expect(total / generated.frames.length).toBeGreaterThan(4500);
    expect(total / generated.frames.length).toBeLessThan(6500);
    const small = generateEvents({ count: 200, seed: 1, startSeq: 1, fillerBytes: 0 });
    expect(small.frames.every((frame) => frame.length < 2000)).toBe(true);
  });

  it('matches an independent decode of its own frames', () => {
    const { frames, expected } = generated;
    const byKey: Record<string, number> = {};
    let posts = 0;
    let undecodable = 0;
    let invalidTags = 0;
    let sharedBlockCommits = 0;
    frames.forEach((frame, i) => {
      const { header, body } = decodeFrame(frame);
      expect((body as { seq: number }).seq).toBe(1000 + i);
      if ((header as { t: string }).t !== '#commit') return;
      const commit = body as Body;
      const car = CarBufferReader.fromBytes(commit.blocks);
      const creates = commit.ops.filter(
        (op) => op.action === 'create' && op.path.startsWith('app.bsky.feed.post/'),
      );
      if (creates.length === 2 && creates[0]?.cid?.equals(creates[1]?.cid)) sharedBlockCommits++;
      for (const op of creates) {
        const block = op.cid === null ? undefined : car.get(op.cid);
        if (block === undefined) {
          undecodable++;
          continue;
        }
        const record = dagCbor.decode<{ langs?: unknown }>(block.bytes);
        const { key, invalid } = expectedLanguageKey(record.langs);
        posts++;
        byKey[key] = (byKey[key] ?? 0) + 1;
        if (invalid) invalidTags++;
      }
    });
    expect({ posts, byKey, undecodable, invalidTags }).toEqual({
      posts: expected.posts,
      byKey: expected.byKey,
      undecodable: expected.undecodable,
      invalidTags: expected.invalidTags,
    });
    expect(sharedBlockCommits).toBeGreaterThanOrEqual(1);
  });
});
