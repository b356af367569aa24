// DAG-CBOR decoding tuned for the firehose: the hot path reads every frame, so it avoids
// work whose result it never uses.

import { decodeFirst } from 'cborg';
import { decodeOptions } from '@ipld/dag-cbor';

const CID_TAG = 42;

/**
 * Decode options that leave CIDs as their raw binary form (the bytes after the 0x00 prefix)
 * instead of building CID objects: the only use of a CID here is to compare it with the CID
 * bytes written in a CAR section, and building objects for every op, commit and prevData of
 * every frame would cost more than the comparison.
 */
export const lazyCidOptions = {
  ...decodeOptions,
  tags: {
    ...decodeOptions.tags,
    [CID_TAG]: (decode: () => unknown): Uint8Array => {
      const bytes = decode();
      if (!(bytes instanceof Uint8Array) || bytes[0] !== 0) {
        throw new Error('invalid cid: expected bytes with a leading 0x00');
      }
      return bytes.subarray(1);
    },
  },
};

export type CborResult<T> =
  | { type: 'ok'; value: T; rest: Uint8Array }
  | { type: 'error'; truncated: boolean; message: string };

/** Decodes the first DAG-CBOR item of `bytes`, returning what follows it. Never throws. */
export function decodeFirstItem(bytes: Uint8Array): CborResult<unknown> {
  try {
    const [value, rest] = decodeFirst(bytes, lazyCidOptions);
    return { type: 'ok', value, rest };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { type: 'error', truncated: /not enough|content missing/.test(message), message };
  }
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
