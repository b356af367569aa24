// Turns a `#commit` body into the new posts it creates. Updates and deletes are not new
// posts; each create op is its own post even when two ops share one CID (identical records
// hash to one block).

import type { AppBskyFeedPost, ComAtprotoSyncSubscribeRepos as Lexicon } from '@atproto/api';
import { findCarBlock } from './car-block';
import {
  ARRAY,
  ascii,
  bytesAt,
  cborFailure,
  CID,
  DagCborReader,
  KeyNames,
  MAP,
  TEXT,
  textAt,
} from './dag-cbor';
import type { BodyFields } from './frame';

export const POST_COLLECTION_PREFIX = 'app.bsky.feed.post/';
const POST_PREFIX = ascii(POST_COLLECTION_PREFIX);
const CREATE = ascii('create' satisfies Lexicon.RepoOp['action']);
/** The op keys read, as `DagCborReader.key` numbers them. */
const OP_NAMES = new KeyNames(['action', 'path', 'cid'] satisfies (keyof Lexicon.RepoOp)[]);
const [ACTION_KEY, PATH_KEY, CID_KEY] = [0, 1, 2];
const LANGS_NAMES = new KeyNames(['langs'] satisfies (keyof AppBskyFeedPost.Record)[]);

export interface CommitFrame {
  type: 'commit';
  seq: number;
  /** The relay's `time` for the commit, as sent (ISO-8601 expected, not guaranteed). */
  time: string | null;
  /** Each post the commit creates. */
  posts: readonly NewPost[];
  /** Post creates that could not be read, with the reason for each. */
  undecodable: readonly UndecodablePost[];
}

export interface NewPost {
  /** The author's DID: the commit's `repo`. */
  repo: string;
  /** The record's `langs` field, unvalidated. */
  langs: unknown;
}

export interface UndecodablePost {
  reason: 'missing-block' | 'bad-car' | 'bad-record';
  message: string;
}

/** An op that creates a post, as found in the frame. */
export interface PostCreate {
  /** Where the op's `path` starts in the frame: read only to name a missing block. */
  pathAt: number;
  /** The record's CID in binary (a view into the frame); null if the op has none. */
  cid: Uint8Array | null;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * The post creates among a commit's ops, read from the array next in `reader`; null, after
 * passing over it, if the item is not an array. The other ops, nine in ten (likes, reposts,
 * follows), are checked and left unbuilt. An element that is not a map is no post create.
 */
export function readPostCreates(reader: DagCborReader): readonly PostCreate[] | null {
  if (reader.peekMajor() !== ARRAY) {
    reader.next();
    return null;
  }
  let creates: PostCreate[] | null = null;
  for (let i = reader.enterArray(); i > 0; i--) {
    reader.checkElement();
    const create = reader.peekMajor() === MAP ? readPostCreate(reader) : skipOp(reader);
    if (create !== null) (creates ??= []).push(create);
  }
  // Most commits create no post: they share one empty list.
  return creates ?? NONE;
}

function skipOp(reader: DagCborReader): null {
  reader.next();
  return null;
}

/**
 * The op map next in `reader` if it creates a post, else null. Its `action` and `path` are
 * compared as bytes and its `cid` kept as a position, so that an op which is not a post
 * create builds nothing.
 */
function readPostCreate(reader: DagCborReader): PostCreate | null {
  let isCreate = false;
  let isPost = false;
  let pathAt = -1;
  let cidStart = -1;
  let cidEnd = -1;
  for (let i = reader.enterMap(); i > 0; i--) {
    const key = reader.key(OP_NAMES);
    const at = reader.pos;
    const kind = reader.next();
    if (key === ACTION_KEY && kind === TEXT) {
      isCreate = reader.contentEquals(CREATE);
    } else if (key === PATH_KEY && kind === TEXT) {
      pathAt = at;
      isPost = reader.contentStartsWith(POST_PREFIX);
    } else if (key === CID_KEY && kind === CID) {
      cidStart = reader.start;
      cidEnd = reader.pos;
    }
  }
  reader.leaveMap();
  if (!isCreate || !isPost) return null;
  return { pathAt, cid: cidStart < 0 ? null : reader.data.subarray(cidStart, cidEnd) };
}

/**
 * The commit whose body `fields` frame.ts read from `bytes`: for each post create, the record
 * block is found in the CAR and its `langs` read.
 */
export function decodeCommit(
  seq: number,
  fields: BodyFields,
  bytes: Uint8Array,
): CommitFrame | { type: 'error'; kind: 'bad-body'; message: string } {
  const { postCreates, repoAt, blocksAt } = fields;
  if (postCreates === null || repoAt < 0) {
    return { type: 'error', kind: 'bad-body', message: 'commit without ops or repo' };
  }
  const time = typeof fields.time === 'string' ? fields.time : null;
  if (postCreates.length === 0)
    return { type: 'commit', seq, time, posts: NONE, undecodable: NONE };

  // Only now, for the one commit in nine that creates a post: the CAR and the author.
  const blocks = blocksAt < 0 ? null : bytesAt(bytes, blocksAt);
  const repo = textAt(bytes, repoAt)!;
  const posts: NewPost[] = [];
  const undecodable: UndecodablePost[] = [];
  for (const { cid, pathAt } of postCreates) {
    if (blocks === null || cid === null) {
      undecodable.push({ reason: 'missing-block', message: 'post create without cid or blocks' });
      continue;
    }
    const block = findCarBlock(blocks, cid);
    if (block.type === 'error') {
      undecodable.push({ reason: 'bad-car', message: block.message });
    } else if (block.type === 'missing') {
      const path = textAt(bytes, pathAt) ?? '?';
      undecodable.push({ reason: 'missing-block', message: `no block for ${path}` });
    } else {
      const record = decodeRecord(block.bytes);
      if (record.type === 'error')
        undecodable.push({ reason: 'bad-record', message: record.message });
      else posts.push({ repo, langs: record.langs });
    }
  }
  return { type: 'commit', seq, time, posts, undecodable };
}

const recordReader = new DagCborReader();

/**
 * The record's `langs`, read with the frame's rules; its text, facets and embed are checked,
 * not built.
 */
function decodeRecord(
  bytes: Uint8Array,
): { type: 'post'; langs: unknown } | { type: 'error'; message: string } {
  const reader = recordReader.reset(bytes);
  let isMap = false;
  let langs: unknown;
  try {
    isMap = reader.peekMajor() === MAP;
    if (isMap) langs = readLangs(reader);
    else reader.next();
  } catch (error) {
    return { type: 'error', message: `post record does not decode: ${cborFailure(error).message}` };
  }
  if (reader.pos < bytes.length) {
    return { type: 'error', message: `post record has ${bytes.length - reader.pos} stray bytes` };
  }
  if (!isMap) return { type: 'error', message: 'post record is not a map' };
  return { type: 'post', langs };
}

function readLangs(reader: DagCborReader): unknown {
  let langs: unknown;
  for (let i = reader.enterMap(); i > 0; i--) {
    if (reader.key(LANGS_NAMES) === 0) langs = reader.value();
    else reader.next();
  }
  reader.leaveMap();
  return langs;
}
