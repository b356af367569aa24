// What a frame holds, read the plain way: cborg with @ipld/dag-cbor's options for the header and
// the whole body, `CarBufferReader` over the CAR, and the whole record. The oracle that the
// worker's in-place decoder is compared with on damaged frames.
//
// CIDs are left as their bytes after the 0x00 prefix, as the decoder leaves them: neither looks
// inside a CID (the decoder only compares CID bytes), so a CID whose insides are damaged is no
// difference between the two.

import { CarBufferReader } from '@ipld/car/buffer-reader';
import { decodeOptions } from '@ipld/dag-cbor';
import { decode, decodeFirst, type DecodeOptions } from 'cborg';
import { CID } from 'multiformats/cid';

const LAZY_CID_OPTIONS: DecodeOptions = {
  ...decodeOptions,
  tags: {
    ...decodeOptions.tags,
    42: (decodeTagged: () => unknown) => {
      const bytes = decodeTagged();
      if (!(bytes instanceof Uint8Array) || bytes[0] !== 0) throw new Error('invalid cid');
      return bytes.subarray(1);
    },
  },
};

const POST_PREFIX = 'app.bsky.feed.post/';

export type ReferenceFrame =
  /** Not DAG-CBOR, or not a header followed by exactly one body. */
  { type: 'invalid' } | { type: 'decoded'; header: unknown; body: unknown };

export function referenceFrame(frame: Uint8Array): ReferenceFrame {
  try {
    const [header, rest] = decodeFirst(frame, LAZY_CID_OPTIONS);
    return { type: 'decoded', header, body: decode(rest, LAZY_CID_OPTIONS) };
  } catch {
    return { type: 'invalid' };
  }
}

/** What became of one post create: its langs, or undecodable, or unknown (the CAR is damaged). */
export type ReferencePost =
  { type: 'post'; langs: unknown } | { type: 'undecodable' } | { type: 'unknown' };

/** The post creates among a commit body's ops, in order, each read from the CAR. */
export function referencePosts(body: Record<string, unknown>): ReferencePost[] {
  const ops = Array.isArray(body.ops) ? (body.ops as unknown[]) : [];
  const creates = ops.filter(
    (op): op is Record<string, unknown> =>
      isPlainMap(op) &&
      op.action === 'create' &&
      typeof op.path === 'string' &&
      op.path.startsWith(POST_PREFIX),
  );
  let car: CarBufferReader | null | 'damaged' = null;
  if (body.blocks instanceof Uint8Array) {
    try {
      car = CarBufferReader.fromBytes(body.blocks);
    } catch {
      car = 'damaged'; // CarBufferReader reads every section; the decoder stops at its block
    }
  }
  return creates.map((op): ReferencePost => {
    if (car === 'damaged') return { type: 'unknown' };
    if (car === null || !(op.cid instanceof Uint8Array)) return { type: 'undecodable' };
    let block: { bytes: Uint8Array } | undefined;
    try {
      block = car.get(CID.decode(op.cid));
    } catch {
      return { type: 'undecodable' }; // CID bytes no section can have
    }
    if (block === undefined) return { type: 'undecodable' };
    try {
      const record: unknown = decode(block.bytes, LAZY_CID_OPTIONS);
      return isPlainMap(record) ? { type: 'post', langs: record.langs } : { type: 'undecodable' };
    } catch {
      return { type: 'undecodable' };
    }
  });
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}
