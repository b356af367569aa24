import { describe, expect, it } from 'vitest';
import { decode as decodeDagCbor, encode } from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { bytesAt, decodeFirstItem, textAt, type MapFields } from './dag-cbor';

const FIELDS: MapFields = {
  keep: ['seq', 'repo'],
  filter: {
    key: 'ops',
    field: 'path',
    prefix: 'app.bsky.feed.post/',
    keep: ['action', 'path', 'cid'],
  },
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

  it('gives positions for the values it is asked to, to build later as they decode', () => {
    const later: MapFields = { keep: ['seq'], positions: ['repo', 'blob', 'n'] };
    const withBlob = encode({ ...body, blob: new Uint8Array([1, 2, 3]), n: 7 });
    const result = decodeFirstItem(withBlob, later);
    expect(result.type).toBe('ok');
    if (result.type !== 'ok') return;
    const value = result.value as Record<string, number>;
    expect(value.seq).toBe(2 ** 40);
    expect(textAt(withBlob, value.repo!)).toBe('did:plc:abc');
    expect(bytesAt(withBlob, value.blob!)).toEqual(new Uint8Array([1, 2, 3]));
    // The wrong kind of item where one is asked for: nothing, rather than a misread.
    expect(bytesAt(withBlob, value.repo!)).toBe(null);
    expect(textAt(withBlob, value.blob!)).toBe(null);
    expect(textAt(withBlob, value.n!)).toBe(null);
    // A value given as a position is still checked: truncated, the map does not decode.
    const cut = concat([0xa1], text('repo'), [0x65, 0x61, 0x62]);
    expect(decodeFirstItem(cut, later)).toMatchObject({ type: 'error', truncated: true });
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

describe('decodeFirstItem on what it skips or reads in place', () => {
  const RECORD: MapFields = {
    keep: ['langs', 'n', 'neg', 'yes', 'no', 'nil', 'bin', 'seq', 'mixed', 'nested'],
  };

  it('keeps the same values as @ipld/dag-cbor and walks nested maps and arrays it skips', () => {
    const record = {
      text: 'skipped 🙂',
      facets: [{ index: { byteStart: 0, byteEnd: 3 }, features: [{ uri: 'https://x.test' }] }],
      embed: { images: [{ alt: '', image: { ref: CID_A, size: 2 ** 40 } }], big: -(2 ** 40) },
      langs: ['en', 'pt-BR'],
      n: 23,
      neg: -24,
      yes: true,
      no: false,
      nil: null,
      bin: new Uint8Array([1, 2, 3]),
      seq: 2 ** 40 + 1,
      mixed: [1, -1, 300, -300, 'text', null, true, new Uint8Array([4])],
      nested: [[], ['a', ['b']], { k: [1.5, 2 ** 60] }],
    };
    // A plain Uint8Array: in Node, encode returns a Buffer, whose views are Buffers too.
    const bytes = new Uint8Array(encode(record));
    const result = decodeFirstItem(bytes, RECORD);
    expect(result).toMatchObject({ type: 'ok', end: bytes.length });
    if (result.type !== 'ok') return;
    const {
      text: _text,
      facets: _facets,
      embed: _embed,
      ...kept
    } = decodeDagCbor<typeof record>(bytes);
    expect(result.value).toEqual(kept);
  });

  // {"n": 1, "skip": [<fragment>]} and {"n": 1, "skip": {"k": <fragment>}}: each must be refused
  // exactly when @ipld/dag-cbor refuses it, although the fragment is never built.
  const fragments: Record<string, number[]> = {
    'small int': [0x17],
    'negative int': [0x37],
    'two-byte int': [0x19, 0x01, 0x00],
    'non-minimal int': [0x18, 0x05],
    'one-byte int': [0x18, 0x18],
    'four-byte int': [0x1a, 0x00, 0x01, 0x00, 0x00],
    'eight-byte int': [0x1b, 0, 0, 0, 0x01, 0, 0, 0, 0],
    'int beyond 2^53': [0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    'negative four-byte int': [0x3a, 0x00, 0x01, 0x00, 0x00],
    'negative int beyond -2^53': [0x3b, 0x7f, 0, 0, 0, 0, 0, 0, 0],
    'non-minimal two-byte int': [0x19, 0x00, 0xff],
    'non-minimal four-byte int': [0x1a, 0x00, 0x00, 0xff, 0xff],
    'non-minimal eight-byte int': [0x1b, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff],
    'non-minimal negative int': [0x38, 0x17],
    'truncated int': [0x1a, 0x00, 0x01],
    'truncated eight-byte int': [0x1b, 0, 0, 0, 0x01, 0, 0],
    'non-minimal negative one-byte int': [0x38, 0x05],
    'empty text': [0x60],
    'empty bytes': [0x40],
    'text of 256 bytes': [0x79, 0x01, 0x00, ...new Array<number>(256).fill(0x61)],
    'bytes of 256': [0x59, 0x01, 0x00, ...new Array<number>(256).fill(0x07)],
    'text with a four-byte length': [0x7a, 0, 0x01, 0, 0, ...new Array<number>(65536).fill(0x61)],
    'non-minimal text length': [0x79, 0x00, 0x03, 0x61, 0x62, 0x63],
    'truncated long text': [0x79, 0x01, 0x00, 0x61, 0x62],
    'invalid UTF-8 text': [0x62, 0xc3, 0x28],
    float64: [0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0],
    NaN: [0xfb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0],
    undefined: [0xf7],
    'unknown tag': [0xc1, 0x00],
    'indefinite array': [0x9f, 0x01, 0xff],
    'indefinite map': [0xbf, 0xff],
    'indefinite text': [0x7f, 0x61, 0x61, 0xff],
    'non-minimal array length': [0x98, 0x01, 0x00],
    'non-string key': [0xa1, 0x01, 0x00],
    'repeated nested key': [0xa2, ...text('k'), 0x01, ...text('k'), 0x02],
    'nested map': [0xa1, ...text('a'), 0x82, 0xa1, ...text('b'), 0xf6, 0x40],
    cid: [0xd8, 0x2a, 0x45, 0x00, 0x01, 0x71, 0x12, 0x00],
    'cid without 0x00': [0xd8, 0x2a, 0x44, 0x01, 0x71, 0x12, 0x00],
  };
  const wrappers = {
    'in an array': (fragment: number[]) => [0x81, ...fragment],
    'in a map': (fragment: number[]) => [0xa1, ...text('k'), ...fragment],
  };
  for (const [name, fragment] of Object.entries(fragments)) {
    it(`agrees with @ipld/dag-cbor on a kept array holding a ${name}`, () => {
      // {"n": 1, "langs": [<fragment>, "en"]}: read in place, as a post's langs are.
      const bytes = concat([0xa2], text('n'), [0x01], text('langs'), [0x82], fragment, text('en'));
      let reference: unknown;
      try {
        reference = decodeDagCbor(bytes);
      } catch {
        reference = undefined;
      }
      const result = decodeFirstItem(bytes, RECORD);
      if (reference === undefined) expect(result.type).toBe('error');
      // A CID comes as its bytes rather than a CID object (lazyCidOptions), by design.
      else if (name === 'cid') expect(result.type).toBe('ok');
      else expect(result).toEqual({ type: 'ok', value: reference, end: bytes.length });
    });
  }
  for (const [name, fragment] of Object.entries(fragments)) {
    for (const [where, wrap] of Object.entries(wrappers)) {
      it(`agrees with @ipld/dag-cbor on a skipped ${name}, ${where}`, () => {
        const bytes = concat([0xa2], text('n'), [0x01], text('skip'), wrap(fragment));
        let refused = false;
        try {
          decodeDagCbor(bytes);
        } catch {
          refused = true;
        }
        const result = decodeFirstItem(bytes, RECORD);
        expect(result.type).toBe(refused ? 'error' : 'ok');
        if (result.type === 'ok')
          expect(result).toMatchObject({ value: { n: 1 }, end: bytes.length });
      });
    }
  }

  it('says a skipped or kept array cut short is truncated', () => {
    for (const key of ['skip', 'langs']) {
      const bytes = concat([0xa1], text(key), [0x83, 0x01, 0x02]);
      expect(decodeFirstItem(bytes, RECORD)).toMatchObject({ type: 'error', truncated: true });
    }
  });

  it('refuses a break inside a kept array of known length, as @ipld/dag-cbor does', () => {
    const bytes = concat([0xa1], text('langs'), [0x82, 0x01, 0xff]);
    expect(() => decodeDagCbor(bytes)).toThrow(/indefinite length items not allowed/);
    expect(decodeFirstItem(bytes, RECORD)).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/indefinite length items not allowed/),
    });
  });
});
