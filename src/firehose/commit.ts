// Turns a `#commit` body into the new posts it creates. Updates and deletes are not new
// posts; each create op is its own post even when two ops share one CID (identical records
// hash to one block).

import type { AppBskyFeedPost } from '@atproto/api';
import { findCarBlock } from './car-block';
import { bytesAt, decodeFirstItem, isPlainMap, isTextAt, textAt, type MapFields } from './dag-cbor';

export const POST_COLLECTION_PREFIX = 'app.bsky.feed.post/';
const RECORD_FIELDS: MapFields = {
  keep: ['langs' satisfies keyof AppBskyFeedPost.Record],
};

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

const NONE: readonly never[] = Object.freeze([]);

/**
 * `body` is the body decoded with frame.ts's fields: `repo` and `blocks` are where those values
 * start in `bytes` (see MapFields.positions), built here only for a commit that creates a post.
 */
export function decodeCommit(
  seq: number,
  body: Record<string, unknown>,
  bytes: Uint8Array,
): CommitFrame | { type: 'error'; kind: 'bad-body'; message: string } {
  const { ops, time } = body;
  const repoAt = body.repo;
  if (!Array.isArray(ops) || typeof repoAt !== 'number' || !isTextAt(bytes, repoAt)) {
    return { type: 'error', kind: 'bad-body', message: 'commit without ops or repo' };
  }
  const blocksAt = body.blocks;
  let blocks: Uint8Array | null | undefined; // read at the first post create, if any
  let posts: NewPost[] | null = null;
  let undecodable: UndecodablePost[] | null = null;
  // Index loops, here and in FirehoseCounter: an iterator object per commit was garbage.
  for (let i = 0; i < ops.length; i++) {
    const op: unknown = ops[i];
    // Most commits are likes and follows: the CAR is only touched when a post is created.
    if (!isPostCreate(op)) continue;
    const { cid } = op;
    blocks ??= typeof blocksAt === 'number' ? bytesAt(bytes, blocksAt) : null;
    if (blocks === null || !(cid instanceof Uint8Array)) {
      undecodable = withProblem(undecodable, 'missing-block', 'post create without cid or blocks');
      continue;
    }
    const block = findCarBlock(blocks, cid);
    if (block.type === 'error') {
      undecodable = withProblem(undecodable, 'bad-car', block.message);
    } else if (block.type === 'missing') {
      undecodable = withProblem(undecodable, 'missing-block', `no block for ${op.path}`);
    } else {
      const record = decodeRecord(block.bytes);
      if (record.type === 'error') {
        undecodable = withProblem(undecodable, 'bad-record', record.message);
      } else {
        // Read once per commit, only now: most commits create no post and never need it.
        const repo: string = posts?.[0]?.repo ?? textAt(bytes, repoAt)!;
        (posts ??= []).push({ repo, langs: record.langs });
      }
    }
  }
  // Most commits create no post: they share one empty list rather than making two each.
  return {
    type: 'commit',
    seq,
    time: typeof time === 'string' ? time : null,
    posts: posts ?? NONE,
    undecodable: undecodable ?? NONE,
  };
}

function withProblem(
  list: UndecodablePost[] | null,
  reason: UndecodablePost['reason'],
  message: string,
): UndecodablePost[] {
  (list ??= []).push({ reason, message });
  return list;
}

function isPostCreate(op: unknown): op is { action: 'create'; path: string; cid: unknown } {
  return (
    isPlainMap(op) &&
    op.action === 'create' &&
    typeof op.path === 'string' &&
    op.path.startsWith(POST_COLLECTION_PREFIX)
  );
}

function decodeRecord(
  bytes: Uint8Array,
): { type: 'post'; langs: unknown } | { type: 'error'; message: string } {
  // The frame decoder rather than `@ipld/dag-cbor`'s decode: the same DAG-CBOR rules, but only
  // `langs` is built; the text, facets and embeds are read and checked, not built.
  const record = decodeFirstItem(bytes, RECORD_FIELDS);
  if (record.type === 'error') {
    return { type: 'error', message: `post record does not decode: ${record.message}` };
  }
  if (record.end < bytes.length) {
    return { type: 'error', message: `post record has ${bytes.length - record.end} stray bytes` };
  }
  if (!isPlainMap(record.value)) return { type: 'error', message: 'post record is not a map' };
  return { type: 'post', langs: record.value.langs };
}
