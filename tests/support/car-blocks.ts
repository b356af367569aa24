// Content-addressed blocks and CAR v1 bytes, built synchronously. multiformats' sha256 is
// synchronous in Node but typed `Digest | Promise<Digest>` (and async in browsers), so hashing
// goes through node:crypto to keep every fixture builder a plain function.

import { createHash } from 'node:crypto';
import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import * as Digest from 'multiformats/hashes/digest';

export const DAG_CBOR_CODEC = 0x71;
const SHA2_256 = 0x12;

export interface Block {
  cid: CID;
  bytes: Uint8Array;
}

/** A CIDv1 whose digest really is sha-256 of `bytes`, as in every atproto repo. */
export function cidForBytes(bytes: Uint8Array, codec: number = DAG_CBOR_CODEC): CID {
  const hash = createHash('sha256').update(bytes).digest();
  return CID.createV1(codec, Digest.create(SHA2_256, new Uint8Array(hash)));
}

/** A CID for a block that is never shipped, from 32 bytes standing in for its hash. */
export function cidFromDigestBytes(hash: Uint8Array): CID {
  return CID.createV1(DAG_CBOR_CODEC, Digest.create(SHA2_256, hash));
}

export function dagCborBlock(value: unknown): Block {
  const bytes = dagCbor.encode(value);
  return { cid: cidForBytes(bytes), bytes };
}

/** Raw bytes under a CID computed over those same bytes, however malformed they are. */
export function rawBlock(bytes: Uint8Array): Block {
  return { cid: cidForBytes(bytes), bytes };
}

/** CAR v1: varint-prefixed DAG-CBOR header, then varint-prefixed `cid ++ bytes` sections. */
export function encodeCar(roots: CID[], blocks: readonly Block[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const header = dagCbor.encode({ version: 1, roots });
  parts.push(uvarint(header.length), header);
  const written: CID[] = [];
  for (const block of blocks) {
    // Identical records share one CID, and a CAR carries each block once.
    if (written.some((cid) => cid.equals(block.cid))) continue;
    written.push(block.cid);
    parts.push(uvarint(block.cid.bytes.length + block.bytes.length), block.cid.bytes, block.bytes);
  }
  return concatBytes(parts);
}

export function uvarint(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Uint8Array.from(out);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
