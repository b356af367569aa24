import { describe, expect, it } from 'vitest';
import { decode as decodeDagCbor, encode } from '@ipld/dag-cbor';
import { CID as CidClass } from 'multiformats/cid';
import {
  ascii,
  BYTES,
  bytesAt,
  cborFailure,
  CID,
  DagCborReader,
  KeyNames,
  MAP,
  NEGATIVE,
  OTHER,
  SIMPLE,
  TEXT,
  textAt,
  UINT,
} from './dag-cbor';

const CID_A = CidClass.parse('bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm');

const concat = (...parts: number[][]) => new Uint8Array(parts.flat());
/** A text string of ASCII up to 23 bytes, as CBOR. */
const text = (s: string) => [0x60 + s.length, ...[...s].map((c) => c.charCodeAt(0))];

type Read = { type: 'ok'; value: Record<string, unknown>; end: number } | { type: 'error' };

/** A map read as the decoders read one: the values named built, every other value passed over. */
function readMap(bytes: Uint8Array, names: readonly string[]): Read {
  const reader = new DagCborReader(bytes);
  const nameBytes = new KeyNames(names);
  const value: Record<string, unknown> = {};
  try {
    for (let i = reader.enterMap(); i > 0; i--) {
      const key = reader.key(nameBytes);
      if (key < 0) reader.next();
      else value[names[key]!] = reader.value();
    }
    reader.leaveMap();
  } catch (error) {
    return { type: 'error', ...cborFailure(error) };
  }
  return { type: 'ok', value, end: reader.pos };
}

/** Whether @ipld/dag-cbor refuses the bytes. */
function refusedByIpld(bytes: Uint8Array): boolean {
  try {
    decodeDagCbor(bytes);
    return false;
  } catch {
    return true;
  }
}

describe('DagCborReader.next', () => {
  it('says what it read, and where a string, byte string or CID is', () => {
    const bytes = new Uint8Array(
      encode([7, -3, 'hé', new Uint8Array([1, 2]), CID_A, true, null, 2 ** 40, { a: 1 }]),
    );
    const reader = new DagCborReader(bytes);
    expect(reader.enterArray()).toBe(9);
    expect([reader.next(), reader.argument]).toEqual([UINT, 7]);
    expect([reader.next(), reader.argument]).toEqual([NEGATIVE, 2]);
    expect(reader.next()).toBe(TEXT);
    expect(textAt(bytes, reader.start - 1)).toBe('hé');
    expect(reader.next()).toBe(BYTES);
    expect(bytes.subarray(reader.start, reader.pos)).toEqual(new Uint8Array([1, 2]));
    expect(reader.next()).toBe(CID);
    // A CID comes as its binary form, without the 0x00 prefix of the CBOR tag.
    expect(bytes.subarray(reader.start, reader.pos)).toEqual(CID_A.bytes);
    expect([reader.next(), reader.simple]).toEqual([SIMPLE, 0xf5]);
    expect([reader.next(), reader.simple]).toEqual([SIMPLE, 0xf6]);
    expect([reader.next(), reader.argument]).toEqual([UINT, 2 ** 40]);
    expect(reader.next()).toBe(MAP);
    expect(reader.pos).toBe(bytes.length);
  });

  it('leaves a float to cborg, which decodes it', () => {
    const reader = new DagCborReader(new Uint8Array(encode(1.5)));
    expect(reader.next()).toBe(OTHER);
    expect(reader.decoded).toBe(1.5);
  });
});

describe('DagCborReader on what it reads or passes over', () => {
  const NAMES = ['langs', 'n', 'neg', 'yes', 'no', 'nil', 'bin', 'seq', 'mixed', 'nested', 'map'];

  it('builds the same values as @ipld/dag-cbor and walks nested maps and arrays it passes', () => {
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
      map: { a: { b: 'c' } },
    };
    // A plain Uint8Array: in Node, encode returns a Buffer, whose views are Buffers too.
    const bytes = new Uint8Array(encode(record));
    const result = readMap(bytes, NAMES);
    const { text: _t, facets: _f, embed: _e, ...kept } = decodeDagCbor<typeof record>(bytes);
    expect(result).toEqual({ type: 'ok', value: kept, end: bytes.length });
  });

  it('reads strings short and long, ASCII and not, as @ipld/dag-cbor does', () => {
    for (const repo of ['', 'a', 'did:plc:' + 'x'.repeat(32), 'é🙂 mixed', 'y'.repeat(300)]) {
      expect(readMap(encode({ repo }), ['repo'])).toMatchObject({ type: 'ok', value: { repo } });
    }
  });

  // Each fragment must be refused exactly when @ipld/dag-cbor refuses it, whether it is built
  // (in a post's langs) or only passed over (anywhere else).
  const fragments: Record<string, number[]> = {
    'small int': [0x17],
    'negative int': [0x37],
    'two-byte int': [0x19, 0x01, 0x00],
    'non-minimal int': [0x18, 0x05],
    'one-byte int': [0x18, 0x18],
    'four-byte int': [0x1a, 0x00, 0x01, 0x00, 0x00],
    'eight-byte int': [0x1b, 0, 0, 0, 0x01, 0, 0, 0, 0],
    'int of 2^53': [0x1b, 0, 0x20, 0, 0, 0, 0, 0, 0],
    'int beyond 2^53': [0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    'negative four-byte int': [0x3a, 0x00, 0x01, 0x00, 0x00],
    'negative eight-byte int': [0x3b, 0, 0, 0, 0x01, 0, 0, 0, 0],
    'negative int beyond -2^53': [0x3b, 0x7f, 0, 0, 0, 0, 0, 0, 0],
    'non-minimal two-byte int': [0x19, 0x00, 0xff],
    'non-minimal four-byte int': [0x1a, 0x00, 0x00, 0xff, 0xff],
    'non-minimal eight-byte int': [0x1b, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff],
    'non-minimal negative int': [0x38, 0x17],
    'truncated int': [0x1a, 0x00, 0x01],
    'truncated eight-byte int': [0x1b, 0, 0, 0, 0x01, 0, 0],
    'non-minimal negative one-byte int': [0x38, 0x05],
    'reserved minor': [0x1c],
    'empty text': [0x60],
    'empty bytes': [0x40],
    'text of 256 bytes': [0x79, 0x01, 0x00, ...new Array<number>(256).fill(0x61)],
    'bytes of 256': [0x59, 0x01, 0x00, ...new Array<number>(256).fill(0x07)],
    'text with a four-byte length': [0x7a, 0, 0x01, 0, 0, ...new Array<number>(65536).fill(0x61)],
    'text with an eight-byte length': [0x7b, 0, 0, 0, 0, 0, 0, 0, 3, 0x61, 0x62, 0x63],
    'non-minimal text length': [0x79, 0x00, 0x03, 0x61, 0x62, 0x63],
    'truncated long text': [0x79, 0x01, 0x00, 0x61, 0x62],
    'invalid UTF-8 text': [0x62, 0xc3, 0x28],
    float64: [0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0],
    NaN: [0xfb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0],
    undefined: [0xf7],
    'simple value': [0xf0],
    break: [0xff],
    'unknown tag': [0xc1, 0x00],
    'tag 42 as two bytes': [0xd9, 0x00, 0x2a, 0x45, 0x00, 0x01, 0x71, 0x12, 0x00],
    'indefinite array': [0x9f, 0x01, 0xff],
    'indefinite map': [0xbf, 0xff],
    'indefinite text': [0x7f, 0x61, 0x61, 0xff],
    'non-minimal array length': [0x98, 0x01, 0x00],
    'array of 24': [0x98, 0x18, ...new Array<number>(24).fill(0x01)],
    'map with an eight-byte length': [0xbb, 0, 0, 0, 0, 0, 0, 0, 0],
    'non-string key': [0xa1, 0x01, 0x00],
    'repeated nested key': [0xa2, ...text('k'), 0x01, ...text('k'), 0x02],
    'keys out of order': [0xa2, ...text('kk'), 0x01, ...text('k'), 0x02],
    'repeated key out of order': [0xa3, ...text('k'), 1, ...text('j'), 2, ...text('k'), 3],
    'nested map': [0xa1, ...text('a'), 0x82, 0xa1, ...text('b'), 0xf6, 0x40],
    cid: [0xd8, 0x2a, 0x45, 0x00, 0x01, 0x71, 0x12, 0x00],
    'cid without 0x00': [0xd8, 0x2a, 0x44, 0x01, 0x71, 0x12, 0x00],
    'cid of no bytes': [0xd8, 0x2a, 0x40],
    'cid over text': [0xd8, 0x2a, 0x61, 0x00],
    'truncated cid': [0xd8, 0x2a, 0x45, 0x00, 0x01],
  };
  const wrappers = {
    'in an array': (fragment: number[]) => [0x81, ...fragment],
    'in a map': (fragment: number[]) => [0xa1, ...text('k'), ...fragment],
  };
  for (const [name, fragment] of Object.entries(fragments)) {
    it(`agrees with @ipld/dag-cbor on an array holding a ${name}, built`, () => {
      // {"n": 1, "langs": [<fragment>, "en"]}: built in place, as a post's langs are.
      const bytes = concat([0xa2], text('n'), [0x01], text('langs'), [0x82], fragment, text('en'));
      const result = readMap(bytes, NAMES);
      if (refusedByIpld(bytes)) expect(result.type).toBe('error');
      // A CID comes as its bytes rather than a CID object, by design.
      else if (name === 'cid') expect(result.type).toBe('ok');
      else expect(result).toEqual({ type: 'ok', value: decodeDagCbor(bytes), end: bytes.length });
    });
    for (const [where, wrap] of Object.entries(wrappers)) {
      it(`agrees with @ipld/dag-cbor on a ${name} passed over, ${where}`, () => {
        const bytes = concat([0xa2], text('n'), [0x01], text('skip'), wrap(fragment));
        const result = readMap(bytes, NAMES);
        if (refusedByIpld(bytes)) expect(result.type).toBe('error');
        else expect(result).toEqual({ type: 'ok', value: { n: 1 }, end: bytes.length });
      });
    }
  }

  it('says an array or map cut short is truncated', () => {
    for (const key of ['skip', 'langs']) {
      for (const cut of [
        [0x83, 0x01, 0x02],
        [0xa2, ...text('a'), 0x01],
      ]) {
        const bytes = concat([0xa1], text(key), cut);
        expect(readMap(bytes, NAMES)).toMatchObject({ type: 'error', truncated: true });
      }
    }
  });

  it('refuses a break inside an array of known length, as @ipld/dag-cbor does', () => {
    const bytes = concat([0xa1], text('langs'), [0x82, 0x01, 0xff]);
    expect(() => decodeDagCbor(bytes)).toThrow(/indefinite length items not allowed/);
    expect(readMap(bytes, NAMES)).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/indefinite length items not allowed/),
    });
  });
});

describe('DagCborReader.key', () => {
  it('numbers the keys it is given, -1 for the others', () => {
    const bytes = new Uint8Array(encode({ ops: 1, seq: 2, time: 3, blocks: 4 }));
    const reader = new DagCborReader(bytes);
    const names = new KeyNames(['time', 'seq', 'blocks']);
    const found: number[] = [];
    for (let i = reader.enterMap(); i > 0; i--) {
      found.push(reader.key(names));
      reader.next();
    }
    expect(found).toEqual([-1, 1, 0, 2]); // in DAG-CBOR's order: ops, seq, time, blocks
  });

  it('tells apart names of one length, short or long', () => {
    const [long1, long2, long3] = [24, 30, 40].map((length) => 'x'.repeat(length));
    const bytes = new Uint8Array(
      encode({ name: 1, repo: 2, rev: 3, time: 4, [long1!]: 5, [long2!]: 6, [long3!]: 7 }),
    );
    const reader = new DagCborReader(bytes);
    const names = new KeyNames(['time', 'name', long3!, 'repo', 'rev', long1!]);
    const found: number[] = [];
    for (let i = reader.enterMap(); i > 0; i--) {
      found.push(reader.key(names));
      reader.next();
    }
    expect(found).toEqual([4, 1, 3, 0, 5, -1, 2]);
  });

  it('refuses a repeated key, whether or not the map is in DAG-CBOR order', () => {
    const repeats = [
      concat([0xa2], text('seq'), [0x01], text('seq'), [0x02]),
      concat([0xa3], text('seq'), [0x01], text('ops'), [0x02], text('seq'), [0x03]),
      concat([0xa3], text('b'), [0x01], text('a'), [0x02], text('a'), [0x03]),
    ];
    for (const bytes of repeats) {
      expect(readMap(bytes, ['seq'])).toMatchObject({
        type: 'error',
        message: expect.stringMatching(/repeat map key/),
      });
    }
    // Out of order but no repeat: @ipld/dag-cbor accepts it, and so does the reader.
    const unordered = concat([0xa3], text('seq'), [0x01], text('b'), [0x02], text('a'), [0x03]);
    expect(refusedByIpld(unordered)).toBe(false);
    expect(readMap(unordered, ['seq', 'a'])).toEqual({
      type: 'ok',
      value: { seq: 1, a: 3 },
      end: unordered.length,
    });
  });

  it('checks the keys of a large map out of order without comparing every pair', () => {
    // 100,000 keys in descending order: a pairwise check would make 5 billion comparisons.
    const entries = Array.from({ length: 100_000 }, (_, i) => `k${99_999 - i}`);
    const parts: number[] = [0xba, 0x00, 0x01, 0x86, 0xa0];
    for (const key of entries) parts.push(...[0x60 + key.length, ...ascii(key)], 0x01);
    const bytes = new Uint8Array(parts);
    expect(readMap(bytes, ['k5'])).toMatchObject({ type: 'ok', value: { k5: 1 } });
  });

  it('reads keys of 23 and 24 bytes alike, and refuses either one cut short', () => {
    // key() reads a length under 24 from the head byte itself and leaves longer keys to next().
    const short = 'k'.repeat(23);
    const long = 'k'.repeat(24);
    const bytes = new Uint8Array(encode({ [short]: 1, [long]: 2 }));
    expect(bytes[1]).toBe(0x77);
    expect(readMap(bytes, [long, short])).toEqual({
      type: 'ok',
      value: { [short]: 1, [long]: 2 },
      end: bytes.length,
    });
    for (const cut of [bytes.length - 10, 10]) {
      expect(readMap(bytes.subarray(0, cut), [long, short])).toMatchObject({
        type: 'error',
        truncated: true,
      });
    }
  });

  it('refuses a key that is not text, and a map cut short after a key', () => {
    expect(readMap(concat([0xa1], [0x01], [0x02]), [])).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/non-string keys/),
    });
    expect(readMap(concat([0xa1], text('k')), [])).toMatchObject({
      type: 'error',
      truncated: true,
    });
  });
});

describe('textAt and bytesAt', () => {
  it('read an item a reader passed over, or say it is of another kind', () => {
    const bytes = new Uint8Array(encode(['did:plc:abc', new Uint8Array([1, 2, 3]), 7]));
    const at = [1, 1 + 12, 1 + 12 + 4];
    expect(textAt(bytes, at[0]!)).toBe('did:plc:abc');
    expect(bytesAt(bytes, at[1]!)).toEqual(new Uint8Array([1, 2, 3]));
    expect(bytesAt(bytes, at[0]!)).toBe(null);
    expect(textAt(bytes, at[1]!)).toBe(null);
    expect(textAt(bytes, at[2]!)).toBe(null);
  });
});
