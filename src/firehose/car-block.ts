// Finds one block in a CAR v1 file by its CID without parsing the others.
// A commit's CAR holds about ten blocks (commit, MST nodes, records) and we need one or two,
// so we walk the section headers and compare CID bytes instead of building every CID object
// and copying every block as CarBufferReader does. Layout (CAR v1 spec):
//   varint(header length) dag-cbor header, then sections of varint(length) CID bytes block bytes.

import { varint } from 'multiformats';
import { DagCborReader, KeyNames, MAP } from './dag-cbor';

const VERSION = new KeyNames(['version']);

export type CarLookup =
  { type: 'found'; bytes: Uint8Array } | { type: 'missing' } | { type: 'error'; message: string };

export function findCarBlock(car: Uint8Array, cid: Uint8Array): CarLookup {
  try {
    const [headerLength, headerPrefix] = varint.decode(car, 0);
    const headerEnd = headerPrefix + headerLength;
    if (headerLength === 0 || headerEnd > car.length) {
      return { type: 'error', message: `car header length ${headerLength} out of bounds` };
    }
    if (!isVersion1Header(car.subarray(headerPrefix, headerEnd))) {
      return { type: 'error', message: 'car header is not a version 1 header' };
    }
    let offset = headerEnd;
    while (offset < car.length) {
      const [sectionLength, prefix] = varint.decode(car, offset);
      const start = offset + prefix;
      const end = start + sectionLength;
      if (sectionLength === 0 || end > car.length) {
        return { type: 'error', message: `car section at byte ${offset} overruns the file` };
      }
      const cidLength = cidByteLength(car, start);
      if (cidLength > sectionLength) {
        return { type: 'error', message: `car section at byte ${offset} has a malformed cid` };
      }
      if (bytesEqualAt(car, start, cid, cidLength)) {
        return { type: 'found', bytes: car.subarray(start + cidLength, end) };
      }
      offset = end;
    }
    return { type: 'missing' };
  } catch (error) {
    // varint.decode throws on a varint running past the end of the bytes.
    return { type: 'error', message: `car does not parse: ${(error as Error).message}` };
  }
}

/** Length of the binary CID starting at `start`: CIDv0 is a bare sha-256 multihash. */
function cidByteLength(bytes: Uint8Array, start: number): number {
  if (bytes[start] === 0x12 && bytes[start + 1] === 0x20) return 34;
  // Every atproto block is CIDv1, dag-cbor or raw, sha-256: 36 bytes, read without four varints.
  if (
    bytes[start] === 0x01 &&
    (bytes[start + 1] === 0x71 || bytes[start + 1] === 0x55) &&
    bytes[start + 2] === 0x12 &&
    bytes[start + 3] === 0x20
  ) {
    return 36;
  }
  let offset = start;
  for (let i = 0; i < 3; i++) offset += varint.decode(bytes, offset)[1]; // version, codec, hash code
  const [digestLength, prefix] = varint.decode(bytes, offset);
  return offset + prefix + digestLength - start;
}

function bytesEqualAt(haystack: Uint8Array, start: number, needle: Uint8Array, length: number) {
  if (needle.length !== length) return false;
  // From the end: every CID here starts with the same four bytes, while digests differ at once.
  for (let i = length - 1; i >= 0; i--) if (haystack[start + i] !== needle[i]) return false;
  return true;
}

const headerReader = new DagCborReader();

/** Whether the CAR header is a map with `version: 1`; its roots are checked, not built. */
function isVersion1Header(bytes: Uint8Array): boolean {
  const reader = headerReader.reset(bytes);
  if (reader.peekMajor() !== MAP) return false;
  let version: unknown;
  try {
    for (let i = reader.enterMap(); i > 0; i--) {
      if (reader.key(VERSION) === 0) version = reader.value();
      else reader.next();
    }
    reader.leaveMap();
  } catch {
    return false; // not DAG-CBOR: no version 1 header either
  }
  return version === 1;
}
