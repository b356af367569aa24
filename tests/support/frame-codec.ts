// Event-stream frames as they travel in one websocket binary message: a DAG-CBOR header
// immediately followed by a DAG-CBOR body, with no length prefix between them.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as dagCbor from '@ipld/dag-cbor';
import { decodeFirst } from 'cborg';
import { concatBytes } from './car-blocks.ts';

/** The production capture, resolved from the project root so CI's layout works unchanged. */
export const CAPTURE_PATH = fileURLToPath(
  new URL('../../../shared/fixtures/real-firehose/frames.bin', import.meta.url),
);

export const CAPTURE_FIRST_SEQ = 31527015322;
export const CAPTURE_LAST_SEQ = 31527015471;

export type FrameHeader = { op: 1; t: string } | { op: -1 };

export interface DecodedFrame {
  header: unknown;
  body: unknown;
}

export function encodeFrame(header: unknown, body: unknown): Uint8Array {
  return concatBytes([dagCbor.encode(header), dagCbor.encode(body)]);
}

/** Strict decode of both halves; throws on anything a careful consumer would reject. */
export function decodeFrame(frame: Uint8Array): DecodedFrame {
  const [header, rest] = decodeFirst(frame, dagCbor.decodeOptions);
  return { header, body: dagCbor.decode(rest) };
}

/** Frames of `frames.bin`: repeated `[u32 little-endian length][frame bytes]`. */
export function readCapture(path: string = CAPTURE_PATH): Uint8Array[] {
  const file = readFileSync(path);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const frames: Uint8Array[] = [];
  let offset = 0;
  while (offset < file.byteLength) {
    if (offset + 4 > file.byteLength) throw new Error(`truncated length prefix at ${offset}`);
    const length = view.getUint32(offset, true);
    offset += 4;
    if (offset + length > file.byteLength) throw new Error(`truncated frame at ${offset}`);
    // Plain Uint8Array copies: callers may keep single frames without pinning the file, and
    // Buffer's quirks (pooling, toJSON) stay out of comparisons.
    frames.push(new Uint8Array(file.subarray(offset, offset + length)));
    offset += length;
  }
  return frames;
}

/** The body's integer `seq`, or null for frames that have none (#info, errors, junk). */
export function frameSeq(frame: Uint8Array | string): number | null {
  if (typeof frame === 'string') return null;
  let decoded: DecodedFrame;
  try {
    decoded = decodeFrame(frame);
  } catch {
    return null;
  }
  const { header, body } = decoded;
  if (!isRecord(header) || header['op'] !== 1 || !isRecord(body)) return null;
  const seq = body['seq'];
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
}

/**
 * The same frame with a new `seq` (and optionally `time`), so the 150-frame capture can be
 * replayed as a longer stream that never goes backwards. Everything else is byte-identical
 * because DAG-CBOR encoding is canonical.
 */
export function resequence(frame: Uint8Array, seq: number, time?: string): Uint8Array {
  const { header, body } = decodeFrame(frame);
  if (!isRecord(body) || !('seq' in body)) throw new Error('frame has no seq to replace');
  const updated: Record<string, unknown> = { ...body, seq };
  if (time !== undefined && 'time' in body) updated['time'] = time;
  return encodeFrame(header, updated);
}

/** `seq` as a CBOR text key followed by the 8-byte unsigned integer head (0x1b). */
const SEQ_KEY = [0x63, 0x73, 0x65, 0x71, 0x1b];

/**
 * Where a frame's 8-byte `seq` integer starts. A seq of 2^32 or more always takes exactly eight
 * bytes in DAG-CBOR, so benchmarks can write a new seq there in place instead of re-encoding:
 * the frame stays canonical.
 */
export function seqOffset(frame: Uint8Array): number {
  outer: for (let i = 0; i + SEQ_KEY.length + 8 <= frame.length; i++) {
    for (let j = 0; j < SEQ_KEY.length; j++) if (frame[i + j] !== SEQ_KEY[j]) continue outer;
    return i + SEQ_KEY.length;
  }
  throw new Error('frame has no 8-byte seq');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
