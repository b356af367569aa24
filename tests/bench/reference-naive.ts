// Reference pipeline on the plain @ipld stack, the straightforward way: cborg `decodeFirst`
// with dag-cbor's options for the header, `@ipld/dag-cbor` for the whole body (CID objects,
// copied byte strings), a `CarBufferReader` over the blocks of every commit, `reader.get(cid)`
// for each post create, dag-cbor decode of the record, the project's `languageKey`.

import { decodeFirst } from 'cborg';
import * as dagCbor from '@ipld/dag-cbor';
import { CarBufferReader } from '@ipld/car';
import type { CID } from 'multiformats/cid';
import { languageKey } from '../../src/engine/language-key.ts';

const POST_PREFIX = 'app.bsky.feed.post/';

interface CommitBody {
  ops: { action: string; path: string; cid: CID | null }[];
  blocks: Uint8Array;
}

export function countNaive(frames: readonly Uint8Array[], counts: Map<string, number>): void {
  for (const frame of frames) {
    const [header, rest] = decodeFirst(frame, dagCbor.decodeOptions) as [
      { op: number; t?: string },
      Uint8Array,
    ];
    const body = dagCbor.decode<CommitBody>(rest);
    if (header.op !== 1 || header.t !== '#commit') continue;
    const reader = CarBufferReader.fromBytes(body.blocks);
    for (const op of body.ops) {
      if (op.action !== 'create' || !op.path.startsWith(POST_PREFIX) || op.cid === null) continue;
      const block = reader.get(op.cid);
      if (block === undefined) continue;
      const record = dagCbor.decode<{ langs?: unknown }>(block.bytes);
      const { key } = languageKey(record.langs);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
}
