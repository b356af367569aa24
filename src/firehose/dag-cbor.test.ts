import { describe, expect, it } from 'vitest';
import { decode as decodeDagCbor, encode } from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { decodeFirstItem, type MapFields } from './dag-cbor';

const FIELDS: MapFields = {
  keep: new Set(['seq', 'repo']),
  filter: { key: 'ops', field: 'path', prefix: 'app.bsky.feed.post/' },
};
const CID_A = CID.parse('bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm');

const concat = (...parts: number[][]) => new Uint8Array(parts.flat());
/** A text string of ASCII up to 23 bytes, as CBOR. */
const text = (s: string) => [0x60 + s.length, ...[...s].map((c) => c.charCodeAt(0))];

describe('decodeFirstItem with fields', () => {
  const body = {
    seq: 2 ** 40,
    repo: 'did:plc:abc',
    rev: 'skipped',
    ops: [
      { action: 'create', path: 'app.bsky.feed.like/1', cid: CID_A, prev: null },
      { action: 'create', path: 'app.bsky.feed.post/2', cid: CID_A, prev: null },
      { action: 'delete', path: 'app.bsky.feed.post/3', cid: null },
    ],
  };
  const bytes = encode(body);

  it('builds the kept fields and the matching ops as @ipld/dag-cbor would, nothing else', () => {
    const result = decodeFirstItem(bytes, FIELDS);
    expect(result.type).toBe('ok');
    if (result.type !== 'ok') return;
    expect(result.end).toBe(bytes.length);
    const reference = decodeDagCbor<typeof body>(bytes);
    const value = result.value as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(['ops', 'repo', 'seq']);
    expect(value.seq).toBe(reference.seq);
    expect(value.repo).toBe(reference.repo);
    const ops = value.ops as Record<string, unknown>[];
    expect(ops.map((op) => op.path)).toEqual(['app.bsky.feed.post/2', 'app.bsky.feed.post/3']);
    // CIDs come as their binary form, without the 0x00 prefix of the CBOR tag.
    expect(ops[0]!.cid).toEqual(CID_A.bytes);
    expect(ops[1]!.cid).toBe(null);
  });

  it('reads an item from an offset and says where it ends', () => {
    const twice = new Uint8Array([...bytes, ...bytes]);
    const result = decodeFirstItem(twice, FIELDS, bytes.length);
    expect(result).toMatchObject({ type: 'ok', end: twice.length });
  });

  it('refuses a repeated key, in the map and in an op it only skims', () => {
    // {"seq": 1, "seq": 2}
    const repeated = concat([0xa2], text('seq'), [0x01], text('seq'), [0x02]);
    expect(decodeFirstItem(repeated, FIELDS)).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/repeat map key "seq"/),
    });
    // {"ops": [{"path": "app.bsky.feed.like/1", "path": "x"}]}: never built, still refused.
    const op = concat([0xa2], text('path'), text('app.bsky.feed.like/1'), text('path'), text('x'));
    const inOps = concat([0xa1], text('ops'), [0x81], [...op]);
    expect(decodeFirstItem(inOps, FIELDS)).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/repeat map key "path"/),
    });
  });

  it('checks what it skips: a truncated skipped string is an error', () => {
    // {"rev": <text of 5 bytes, 2 present>}
    const truncated = concat([0xa1], text('rev'), [0x65, 0x61, 0x62]);
    expect(decodeFirstItem(truncated, FIELDS)).toMatchObject({ type: 'error', truncated: true });
  });

  it('decodes short and long, ASCII and non-ASCII strings alike', () => {
    for (const repo of ['', 'a', 'did:plc:' + 'x'.repeat(32), 'é🙂 mixed', 'y'.repeat(300)]) {
      const result = decodeFirstItem(encode({ repo }), FIELDS);
      expect(result).toMatchObject({ type: 'ok', value: { repo } });
    }
  });
});
