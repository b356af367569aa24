// Decodes one firehose websocket message: a DAG-CBOR header `{op, t}` followed by a DAG-CBOR
// body (atproto event-stream spec). Pure: bytes in, a tagged union out, never a throw.

import type { ComAtprotoSyncSubscribeRepos as Lexicon } from '@atproto/api';
import type { BadFrameKind } from '../worker/protocol';
import { BYTES, cborFailure, DagCborReader, KeyNames, MAP, TEXT } from './dag-cbor';
import { decodeCommit, readPostCreates, type CommitFrame, type PostCreate } from './commit';

/** Frames larger than this are refused before decoding; real commits are capped far lower. */
export const MAX_FRAME_BYTES = 5_000_000;

// The keys read, typed against the lexicon so that a renamed field fails the build instead of
// counting nothing; a body's other keys, and their values, are checked and passed over.
const HEADER_NAMES = new KeyNames(['op', 't']);
/** Body values built as they are. */
const VALUES = ['seq', 'time', 'error', 'message', 'name'] as const satisfies (
  keyof Lexicon.Commit | keyof Lexicon.Info | 'error'
)[];
/** Then the keys of values read in their own way, numbered on from VALUES by `key`. */
const OPS = VALUES.length;
const REPO = OPS + 1;
const BLOCKS = OPS + 2;
const BODY_NAMES = new KeyNames([
  ...VALUES,
  ...(['ops', 'repo', 'blocks'] satisfies (keyof Lexicon.Commit)[]),
]);

export type DecodedFrame =
  | CommitFrame
  | { type: 'identity' | 'account' | 'sync'; seq: number; time: string | null }
  | { type: 'info'; name: string; message: string | null }
  | { type: 'unknown'; t: string; seq: number | null }
  | { type: 'relay-error'; error: string; message: string | null }
  | BadFrame;

export interface BadFrame {
  type: 'error';
  kind: BadFrameKind;
  message: string;
}

/** The body's values that decoding uses. */
export interface BodyFields {
  seq: unknown;
  time: unknown;
  error: unknown;
  message: unknown;
  name: unknown;
  /**
   * Where the `repo` text starts in the frame (-1: missing, or not text). It is built only for
   * a commit that creates a post, one commit in nine.
   */
  repoAt: number;
  /** Where the `blocks` byte string (the CAR) starts (-1: missing, or not bytes). */
  blocksAt: number;
  /** The post creates among `ops`; null if there is no `ops` array. */
  postCreates: readonly PostCreate[] | null;
}

/** One reader for every frame: decoding is synchronous, and a frame is read before the next. */
const reader = new DagCborReader();

export function decodeFrame(bytes: Uint8Array): DecodedFrame {
  if (bytes.length > MAX_FRAME_BYTES) {
    return bad('too-large', `frame of ${bytes.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  }
  reader.reset(bytes);
  let header: Header;
  try {
    header = readHeader(reader);
  } catch (error) {
    return badCbor('frame header', error);
  }
  const { op, t } = header;
  if (op !== 1 && op !== -1) return bad('bad-header', 'frame header is not {op: 1 | -1, t}');
  if (op === 1 && typeof t !== 'string') return bad('bad-header', 'frame header has no type');

  let fields: BodyFields | null;
  try {
    fields = readBody(reader);
  } catch (error) {
    return badCbor('frame body', error);
  }
  const stray = bytes.length - reader.pos;
  if (stray > 0) return bad('not-cbor', `${stray} stray bytes after body`);
  if (fields === null) return bad('bad-body', 'frame body is not a map');

  if (op === -1) {
    if (typeof fields.error !== 'string') return bad('bad-body', 'error frame without error');
    return { type: 'relay-error', error: fields.error, message: optionalString(fields.message) };
  }
  if (t === '#info') {
    if (typeof fields.name !== 'string') return bad('bad-body', 'info frame without name');
    return { type: 'info', name: fields.name, message: optionalString(fields.message) };
  }

  const seq = fields.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= 0) {
    if (t === '#commit' || t === '#identity' || t === '#account' || t === '#sync') {
      return bad('bad-seq', `seq is not a positive integer: ${describe(seq)}`);
    }
    return { type: 'unknown', t: String(t), seq: null };
  }
  switch (t) {
    case '#commit':
      return decodeCommit(seq, fields, bytes);
    case '#identity':
      return { type: 'identity', seq, time: optionalString(fields.time) };
    case '#account':
      return { type: 'account', seq, time: optionalString(fields.time) };
    case '#sync':
      return { type: 'sync', seq, time: optionalString(fields.time) };
    default:
      return { type: 'unknown', t: String(t), seq };
  }
}

interface Header {
  op: unknown;
  t: unknown;
}

/** Headers longer than this are read every time: a real one is 5 to 17 bytes. */
const MAX_REUSED_HEADER = 64;
let previous: { bytes: Uint8Array; header: Header } | null = null;

/**
 * The frame's header. Nearly every header is byte for byte the one before it (`{t: '#commit',
 * op: 1}`), and a CBOR item ends where its own bytes say, so a frame that starts with the
 * previous header's bytes starts with that same header: comparing 15 bytes replaces reading a
 * map, in every frame. A header that is not a map is checked, and has neither field.
 */
function readHeader(reader: DagCborReader): Header {
  if (previous !== null && startsWith(reader.data, previous.bytes)) {
    reader.pos = previous.bytes.length;
    return previous.header;
  }
  const header: Header = { op: undefined, t: undefined };
  if (reader.peekMajor() !== MAP) {
    reader.next();
    return header;
  }
  for (let i = reader.enterMap(); i > 0; i--) {
    const key = reader.key(HEADER_NAMES);
    if (key < 0) reader.next();
    else if (key === 0) header.op = reader.value();
    else header.t = reader.value();
  }
  reader.leaveMap();
  if (reader.pos <= MAX_REUSED_HEADER) {
    previous = { bytes: reader.data.slice(0, reader.pos), header };
  }
  return header;
}

/**
 * One BodyFields for every frame, filled afresh by readBody: decodeFrame is done with it before
 * it returns, and a frame's only other allocations are its result and its `time`.
 */
const fields: BodyFields = {
  seq: undefined,
  time: undefined,
  error: undefined,
  message: undefined,
  name: undefined,
  repoAt: -1,
  blocksAt: -1,
  postCreates: null,
};

/** The body's fields, or null (read and checked all the same) if the body is not a map. */
function readBody(reader: DagCborReader): BodyFields | null {
  if (reader.peekMajor() !== MAP) {
    reader.next();
    return null;
  }
  fields.seq = fields.time = fields.error = fields.message = fields.name = undefined;
  fields.repoAt = fields.blocksAt = -1;
  fields.postCreates = null;
  for (let i = reader.enterMap(); i > 0; i--) {
    const key = reader.key(BODY_NAMES);
    if (key === OPS) fields.postCreates = readPostCreates(reader);
    else if (key === REPO) fields.repoAt = positionOf(reader, TEXT);
    else if (key === BLOCKS) fields.blocksAt = positionOf(reader, BYTES);
    else if (key >= 0) fields[VALUES[key]!] = reader.value();
    else reader.next();
  }
  reader.leaveMap();
  return fields;
}

/** Where the next item starts if it is of this kind (TEXT, BYTES), else -1; read past it. */
function positionOf(reader: DagCborReader, kind: number): number {
  const at = reader.pos;
  return reader.next() === kind ? at : -1;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function bad(kind: BadFrameKind, message: string): BadFrame {
  return { type: 'error', kind, message };
}

function badCbor(part: string, error: unknown): BadFrame {
  const { truncated, message } = cborFailure(error);
  return bad(truncated ? 'truncated' : 'not-cbor', `${part}: ${message}`);
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `string of ${value.length} characters`;
  if (typeof value === 'bigint') return 'an integer beyond 2^53';
  return String(value);
}
