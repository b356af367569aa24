// Decodes one firehose websocket message: a DAG-CBOR header `{op, t}` followed by a DAG-CBOR
// body (atproto event-stream spec). Pure: bytes in, a tagged union out, never a throw.

import type { ComAtprotoSyncSubscribeRepos as Lexicon } from '@atproto/api';
import type { BadFrameKind } from '../worker/protocol';
import { decodeFirstItem, isPlainMap, type MapFields } from './dag-cbor';
import { decodeCommit, POST_COLLECTION_PREFIX, type CommitFrame } from './commit';

/** Frames larger than this are refused before decoding; real commits are capped far lower. */
export const MAX_FRAME_BYTES = 5_000_000;

/** The header is `{op, t}`; anything else in it is read and checked, not built. */
const HEADER_FIELDS: MapFields = { keep: ['op', 't'] };

/**
 * The body fields read below and in decodeCommit; the rest of a body is read and checked but not
 * built. Of the ops, decodeCommit only uses post creates: nine commits in ten are likes,
 * reposts and follows, whose ops (and their path strings) need not be built at all.
 */
const BODY_FIELDS: MapFields = {
  // Typed against the lexicon, so a renamed field fails the build instead of counting nothing.
  keep: ['seq', 'time', 'error', 'message', 'name'] satisfies (
    keyof Lexicon.Commit | keyof Lexicon.Info | 'error'
  )[],
  // Built by decodeCommit only for a commit that creates a post.
  positions: ['repo', 'blocks'] satisfies (keyof Lexicon.Commit)[],
  filter: {
    key: 'ops' satisfies keyof Lexicon.Commit,
    field: 'path' satisfies keyof Lexicon.RepoOp,
    prefix: POST_COLLECTION_PREFIX,
    keep: ['action', 'path', 'cid'] satisfies (keyof Lexicon.RepoOp)[],
  },
};

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

export function decodeFrame(bytes: Uint8Array): DecodedFrame {
  if (bytes.length > MAX_FRAME_BYTES) {
    return bad('too-large', `frame of ${bytes.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  }
  const header = readHeader(bytes);
  if (header.type === 'error') {
    return bad(header.truncated ? 'truncated' : 'not-cbor', `frame header: ${header.message}`);
  }
  const { op, t } = header;
  if (op !== 1 && op !== -1) return bad('bad-header', 'frame header is not {op: 1 | -1, t}');
  if (op === 1 && typeof t !== 'string') return bad('bad-header', 'frame header has no type');

  const body = decodeFirstItem(bytes, BODY_FIELDS, header.end);
  if (body.type === 'error') {
    return bad(body.truncated ? 'truncated' : 'not-cbor', `frame body: ${body.message}`);
  }
  const stray = bytes.length - body.end;
  if (stray > 0) return bad('not-cbor', `${stray} stray bytes after body`);
  if (!isPlainMap(body.value)) return bad('bad-body', 'frame body is not a map');
  const fields = body.value;

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
  type: 'header';
  op: unknown;
  t: unknown;
  /** Where the header ends and the body starts. */
  end: number;
}

/** Headers longer than this are decoded every time: a real one is 5 to 17 bytes. */
const MAX_REUSED_HEADER = 64;
let previous: { bytes: Uint8Array; header: Header } | null = null;

/**
 * The frame's header. Nearly every header is byte for byte the one before it (`{t: '#commit',
 * op: 1}`), and a CBOR item ends where its own bytes say, so a frame that starts with the
 * previous header's bytes starts with that same header: comparing 15 bytes replaces decoding a
 * map and building two objects, in every frame.
 */
function readHeader(
  bytes: Uint8Array,
): Header | { type: 'error'; truncated: boolean; message: string } {
  if (previous !== null && startsWith(bytes, previous.bytes)) return previous.header;
  const decoded = decodeFirstItem(bytes, HEADER_FIELDS);
  if (decoded.type === 'error') return decoded;
  const { op, t } = isPlainMap(decoded.value) ? decoded.value : {};
  const header: Header = { type: 'header', op, t, end: decoded.end };
  if (header.end <= MAX_REUSED_HEADER) previous = { bytes: bytes.slice(0, header.end), header };
  return header;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function bad(kind: BadFrameKind, message: string): BadFrame {
  return { type: 'error', kind, message };
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `string of ${value.length} characters`;
  if (typeof value === 'bigint') return 'an integer beyond 2^53';
  return String(value);
}
