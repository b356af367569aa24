// Turns a `#commit` body into the new posts it creates. Updates and deletes are not new
// posts; each create op is its own post even when two ops share one CID (identical records
// hash to one block).

import type { AppBskyFeedPost } from '@atproto/api';
import { findCarBlock } from './car-block';
import { decodeFirstItem, isPlainMap, type MapFields } from './dag-cbor';

export const POST_COLLECTION_PREFIX = 'app.bsky.feed.post/';
const RECORD_FIELDS: MapFields = {
  keep: new Set(['langs' satisfies keyof AppBskyFeedPost.Record]),
};

export interface CommitFrame {
  type: 'commit';
  seq: number;
  /** The relay's `time` for the commit, as sent (ISO-8601 expected, not guaranteed). */
  time: string | null;
  repo: string;
  /** The `langs` field of each post created, unvalidated. */
  posts: readonly unknown[];
  /** Post creates that could not be read, with the reason for each. */
  undecodable: readonly UndecodablePost[];
}

export interface UndecodablePost {
  reason: 'missing-block' | 'bad-car' | 'bad-record';
  message: string;
}

const NONE: readonly never[] = Object.freeze([]);

export function decodeCommit(
  seq: number,
  body: Record<string, unknown>,
): CommitFrame | { type: 'error'; kind: 'bad-body'; message: string } {
  const { ops, blocks, repo, time } = body;
  if (!Array.isArray(ops) || typeof repo !== 'string') {
    return { type: 'error', kind: 'bad-body', message: 'commit without ops or repo' };
  }
  let posts: unknown[] | null = null;
  let undecodable: UndecodablePost[] | null = null;
  for (const op of ops) {
    // Most commits are likes and follows: the CAR is only touched when a post is created.
    if (!isPostCreate(op)) continue;
    const { cid } = op;
    if (!(blocks instanceof Uint8Array) || !(cid instanceof Uint8Array)) {
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
        (posts ??= []).push(record.langs);
      }
    }
  }
  // Most commits create no post: they share one empty list rather than making two each.
  return {
    type: 'commit',
    seq,
    time: typeof time === 'string' ? time : null,
    repo,
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
