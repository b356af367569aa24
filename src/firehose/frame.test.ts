import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CarBufferReader } from '@ipld/car/buffer-reader';
import { decode as decodeDagCbor, encode as encodeDagCbor } from '@ipld/dag-cbor';
import { decodeFirst } from 'cborg';
import { decodeOptions } from '@ipld/dag-cbor';
import { CID } from 'multiformats';
import { readCapture } from '../../tests/support/frame-codec';
import { createRandom, type Random } from '../../tests/support/prng';
import { isPlainMap, referenceFrame, referencePosts } from '../../tests/support/reference-frame';
import { decodeFrame, MAX_FRAME_BYTES, type DecodedFrame } from './frame';
import { findCarBlock } from './car-block';

const EXPECTED_PATH = fileURLToPath(
  new URL('../../../shared/fixtures/real-firehose/expected_v1.jsonl', import.meta.url),
);

interface JetstreamEvent {
  did: string;
  kind: string;
  commit?: { operation: string; collection: string; record?: { langs?: unknown } };
}

const frames = readCapture();
const decoded = frames.map(decodeFrame);
const expected = readFileSync(EXPECTED_PATH, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as JetstreamEvent);

/** Posts as `repo langs-json` strings, a multiset key that ignores delivery order. */
function postsOf(frames: DecodedFrame[]): string[] {
  return frames
    .flatMap((f) =>
      f.type === 'commit' ? f.posts.map((p) => `${p.repo} ${JSON.stringify(p.langs)}`) : [],
    )
    .sort();
}

describe('decodeFrame on the real capture', () => {
  it('decodes all 150 frames: 148 commits, one identity, one account', () => {
    expect(frames).toHaveLength(150);
    const kinds = decoded.map((f) => f.type);
    expect(kinds.filter((k) => k === 'commit')).toHaveLength(148);
    expect(kinds.filter((k) => k === 'identity')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'account')).toHaveLength(1);
  });

  it('reads seqs in order, 31527015322 to 31527015471', () => {
    const seqs = decoded.map((f) => ('seq' in f ? f.seq : null));
    expect(seqs[0]).toBe(31527015322);
    expect(seqs.at(-1)).toBe(31527015471);
    seqs.forEach((seq, i) => expect(seq).toBe(31527015322 + i));
  });

  it('finds the same 17 post creates and langs as production Jetstream', () => {
    const jetstreamPosts = expected
      .filter((e) => e.kind === 'commit' && e.commit?.operation === 'create')
      .filter((e) => e.commit?.collection === 'app.bsky.feed.post')
      .map((e) => `${e.did} ${JSON.stringify(e.commit?.record?.langs)}`)
      .sort();
    expect(jetstreamPosts).toHaveLength(17);
    expect(postsOf(decoded)).toEqual(jetstreamPosts);
  });

  it('leaves no post create undecodable', () => {
    for (const f of decoded) if (f.type === 'commit') expect(f.undecodable).toEqual([]);
  });

  it('finds every block CarBufferReader finds, byte for byte', () => {
    let checked = 0;
    for (const frame of frames) {
      const [header, rest] = decodeFirst(frame, decodeOptions) as [{ t?: string }, Uint8Array];
      if (header.t !== '#commit') continue;
      const body = decodeDagCbor(rest) as { blocks: Uint8Array };
      const reader = CarBufferReader.fromBytes(body.blocks);
      for (const block of reader.blocks()) {
        const found = findCarBlock(body.blocks, block.cid.bytes);
        expect(found).toEqual({ type: 'found', bytes: block.bytes });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('decodeFrame on damaged frames', () => {
  const commit = frames[1]!;

  it('calls a frame over the limit too large without decoding it', () => {
    expect(decodeFrame(new Uint8Array(MAX_FRAME_BYTES + 1))).toMatchObject({
      type: 'error',
      kind: 'too-large',
    });
  });

  it('tells truncated CBOR from bytes that are not CBOR', () => {
    expect(decodeFrame(commit.subarray(0, commit.length - 10))).toMatchObject({
      kind: 'truncated',
    });
    expect(decodeFrame(commit.subarray(0, 5))).toMatchObject({ kind: 'truncated' });
    expect(decodeFrame(new TextEncoder().encode('\xff\xfe hello'))).toMatchObject({
      kind: 'not-cbor',
    });
    expect(decodeFrame(new Uint8Array(0))).toMatchObject({ type: 'error' });
  });

  it('decodes each header afresh when it differs from the one before, even by one byte', () => {
    const body = encodeDagCbor({ seq: 9, time: '2026-07-04T14:38:07.000Z' });
    const types = ['#identity', '#account', '#identity', '#sync', '#sync', '#bogus'];
    const results = types.map((t) => decodeFrame(concat(encodeDagCbor({ op: 1, t }), body)));
    expect(results.map((r) => r.type)).toEqual([
      'identity',
      'account',
      'identity',
      'sync',
      'sync',
      'unknown',
    ]);
    // The same header bytes, but the frame ends inside them: truncated, not the header before.
    const header = encodeDagCbor({ op: 1, t: '#sync' });
    expect(decodeFrame(header.subarray(0, header.length - 1))).toMatchObject({ kind: 'truncated' });
    // An item holding the header before is not that header.
    expect(decodeFrame(concat(encodeDagCbor([{ op: 1, t: '#sync' }]), body))).toMatchObject({
      kind: 'bad-header',
    });
  });

  it('rejects a header that is not {op, t}', () => {
    const body = encodeDagCbor({ seq: 1 });
    for (const header of [[1, '#commit'], { op: 'x' }, { op: 1 }, { op: 2, t: '#commit' }, 7]) {
      const frame = concat(encodeDagCbor(header), body);
      expect(decodeFrame(frame)).toMatchObject({ type: 'error', kind: 'bad-header' });
    }
  });

  it('rejects a body that is not a map, and a seq that is not a positive integer', () => {
    const header = encodeDagCbor({ op: 1, t: '#commit' });
    expect(decodeFrame(concat(header, encodeDagCbor(42)))).toMatchObject({ kind: 'bad-body' });
    for (const seq of [-5, 0, 1.5, 'seven', null]) {
      const frame = concat(header, encodeDagCbor({ seq, repo: 'did:plc:x', ops: [] }));
      expect(decodeFrame(frame)).toMatchObject({ kind: 'bad-seq' });
    }
  });

  it('rejects a commit whose repo is not text or whose ops are not a list', () => {
    const header = encodeDagCbor({ op: 1, t: '#commit' });
    for (const body of [
      { seq: 9, repo: 42, ops: [] },
      { seq: 9, repo: new Uint8Array([1]), ops: [] },
      { seq: 9, ops: [] },
      { seq: 9, repo: 'did:plc:x', ops: 'none' },
    ]) {
      expect(decodeFrame(concat(header, encodeDagCbor(body)))).toMatchObject({
        type: 'error',
        kind: 'bad-body',
        message: 'commit without ops or repo',
      });
    }
  });

  it('reports error frames with their error and message', () => {
    const frame = concat(
      encodeDagCbor({ op: -1 }),
      encodeDagCbor({ error: 'FutureCursor', message: 'too far' }),
    );
    expect(decodeFrame(frame)).toEqual({
      type: 'relay-error',
      error: 'FutureCursor',
      message: 'too far',
    });
  });

  it('recognises #info and passes unknown types through with their seq', () => {
    const info = concat(
      encodeDagCbor({ op: 1, t: '#info' }),
      encodeDagCbor({ name: 'OutdatedCursor' }),
    );
    expect(decodeFrame(info)).toEqual({ type: 'info', name: 'OutdatedCursor', message: null });
    const future = concat(encodeDagCbor({ op: 1, t: '#labels' }), encodeDagCbor({ seq: 9 }));
    expect(decodeFrame(future)).toEqual({ type: 'unknown', t: '#labels', seq: 9 });
  });

  it('counts a post whose block is missing, garbled or whose CAR is garbage as undecodable', () => {
    const cid = CID.parse('bafyreiapzyf65cmq55jklpnrihiygze2jmmdqvvkwqeiomd72pbp2iazuu');
    const header = encodeDagCbor({ op: 1, t: '#commit' });
    const body = (blocks: Uint8Array) => ({
      seq: 5,
      repo: 'did:plc:x',
      time: '2026-07-04T14:38:07.517Z',
      blocks,
      ops: [{ action: 'create', path: 'app.bsky.feed.post/abc', cid }],
    });
    const carHeader = encodeDagCbor({ roots: [], version: 1 });
    const emptyCar = concat(Uint8Array.of(carHeader.length), carHeader);
    const missing = decodeFrame(concat(header, encodeDagCbor(body(emptyCar))));
    expect(missing).toMatchObject({
      type: 'commit',
      posts: [],
      undecodable: [{ reason: 'missing-block' }],
    });
    const garbage = decodeFrame(concat(header, encodeDagCbor(body(Uint8Array.of(1, 2, 3)))));
    expect(garbage).toMatchObject({
      type: 'commit',
      posts: [],
      undecodable: [{ reason: 'bad-car' }],
    });
  });
});

describe('decodeFrame against a plain reading with cborg and CarBufferReader', () => {
  const postFrames = frames.filter((_, i) => {
    const frame = decoded[i]!;
    return frame.type === 'commit' && frame.posts.length > 0;
  });

  it('agrees on 4,000 real frames with bytes changed, added, removed or cut off', () => {
    const random = createRandom(20261202);
    for (let i = 0; i < 4000; i++) {
      const original = random.chance(0.5) ? random.pick(postFrames) : random.pick(frames);
      const damaged = damage(original, random);
      const problem = disagreement(decodeFrame(damaged), damaged);
      expect({ case: i, problem }).toEqual({ case: i, problem: null });
    }
  });
});

/**
 * The frame with one to three bytes changed, added or removed, mostly where the header, the
 * body's fields and the ops are (the first 400 bytes), sometimes anywhere (the CAR); or cut off.
 */
function damage(frame: Uint8Array, random: Random): Uint8Array {
  let bytes = [...frame];
  const where = () => random.int(0, Math.min(bytes.length - 1, random.chance(0.8) ? 400 : 1e9));
  if (random.chance(0.1)) return new Uint8Array(bytes.slice(0, where()));
  for (let n = random.int(1, 3); n > 0; n--) {
    const at = where();
    const change = random.int(0, 2);
    if (change === 0) bytes[at] = random.int(0, 255);
    else if (change === 1) bytes.splice(at, 0, random.int(0, 255));
    else bytes = bytes.filter((_, i) => i !== at);
  }
  return new Uint8Array(bytes);
}

/** How `ours` differs from what the plain reading of `frame` says, or null. */
function disagreement(ours: DecodedFrame, frame: Uint8Array): string | null {
  const said = JSON.stringify(ours, (_, value: unknown) =>
    value instanceof Uint8Array ? `bytes(${value.length})` : value,
  );
  const reference = referenceFrame(frame);
  if (reference.type === 'invalid') {
    // The header is checked before the body is read: a bad header may hide a bad body.
    const kinds = ['not-cbor', 'truncated', 'bad-header'];
    return ours.type === 'error' && kinds.includes(ours.kind) ? null : `reference refuses ${said}`;
  }
  const { header, body } = reference;
  const expected = expectedFrame(header, body);
  if (ours.type !== expected.type || (ours.type === 'error' && ours.kind !== expected.kind)) {
    return `expected ${expected.type} ${expected.kind ?? ''}, got ${said}`;
  }
  if (ours.type !== 'commit' || !isPlainMap(body)) return null;
  if (ours.seq !== body.seq) return `seq ${String(body.seq)}, got ${said}`;
  if (ours.time !== (typeof body.time === 'string' ? body.time : null)) return `time: ${said}`;
  const posts = referencePosts(body);
  if (ours.posts.length + ours.undecodable.length !== posts.length) {
    return `${posts.length} post creates, got ${said}`;
  }
  if (ours.posts.some((post) => post.repo !== body.repo)) return `repo: ${said}`;
  if (posts.some((post) => post.type === 'unknown')) return null; // the CAR is damaged
  const langs = posts.flatMap((post) => (post.type === 'post' ? [post.langs] : []));
  const same = JSON.stringify(ours.posts.map((post) => post.langs)) === JSON.stringify(langs);
  return same ? null : `langs ${JSON.stringify(langs)}, got ${said}`;
}

/** The type (and for errors the kind) decodeFrame must give a frame that decodes as these. */
function expectedFrame(header: unknown, body: unknown): { type: string; kind?: string } {
  const { op, t } = isPlainMap(header) ? header : {};
  if ((op !== 1 && op !== -1) || (op === 1 && typeof t !== 'string')) {
    return { type: 'error', kind: 'bad-header' };
  }
  if (!isPlainMap(body)) return { type: 'error', kind: 'bad-body' };
  if (op === -1) return typeof body.error === 'string' ? { type: 'relay-error' } : badBody;
  if (t === '#info') return typeof body.name === 'string' ? { type: 'info' } : badBody;
  const { seq } = body;
  const known = ['#commit', '#identity', '#account', '#sync'].includes(t as string);
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= 0) {
    return known ? { type: 'error', kind: 'bad-seq' } : { type: 'unknown' };
  }
  if (t !== '#commit') return { type: known ? (t as string).slice(1) : 'unknown' };
  return Array.isArray(body.ops) && typeof body.repo === 'string' ? { type: 'commit' } : badBody;
}

const badBody = { type: 'error', kind: 'bad-body' };

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
