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
  posts: unknown[];
  /** Post creates that could not be read, with the reason for each. */
  undecodable: UndecodablePost[];
}

export interface UndecodablePost {
  reason: 'missing-block' | 'bad-car' | 'bad-record';
  message: string;
}

export function decodeCommit(
  seq: number,
  body: Record<string, unknown>,
): CommitFrame | { type: 'error'; kind: 'bad-body'; message: string } {
  const { ops, blocks, repo, time } = body;
  if (!Array.isArray(ops) || typeof repo !== 'string') {
    return { type: 'error', kind: 'bad-body', message: 'commit without ops or repo' };
  }
  const frame: CommitFrame = {
    type: 'commit',
    seq,
    time: typeof time === 'string' ? time : null,
    repo,
    posts: [],
    undecodable: [],
  };
  for (const op of ops) {
    // Most commits are likes and follows: the CAR is only touched when a post is created.
    if (!isPostCreate(op)) continue;
    const { cid } = op;
    if (!(blocks instanceof Uint8Array) || !(cid instanceof Uint8Array)) {
      frame.undecodable.push({
        reason: 'missing-block',
        message: 'post create without cid or blocks',
      });
      continue;
    }
    const block = findCarBlock(blocks, cid);
    if (block.type === 'error') {
      frame.undecodable.push({ reason: 'bad-car', message: block.message });
    } else if (block.type === 'missing') {
      frame.undecodable.push({ reason: 'missing-block', message: `no block for ${op.path}` });
    } else {
      const record = decodeRecord(block.bytes);
      if (record.type === 'error') {
        frame.undecodable.push({ reason: 'bad-record', message: record.message });
      } else {
        frame.posts.push(record.langs);
      }
    }
  }
  return frame;
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
  if (record.rest.length > 0) {
    return { type: 'error', message: `post record has ${record.rest.length} stray bytes` };
  }
  if (!isPlainMap(record.value)) return { type: 'error', message: 'post record is not a map' };
  return { type: 'post', langs: record.value.langs };
}
