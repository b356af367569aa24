// Reference pipeline on the atcute stack, written the way an atcute user would: decode the
// header and body with `@atcute/cbor` (byte strings and CIDs come back as lazy wrappers over the
// frame, no copies), open the CAR with `@atcute/car` only for commits that create a post, walk
// its entries comparing CID bytes, decode the record, key it with the project's `languageKey`.

import { decode, decodeFirst, fromBytes, type Bytes, type CidLinkWrapper } from '@atcute/cbor';
import { fromUint8Array, type SyncCarReader } from '@atcute/car';
import { languageKey } from '../../src/engine/language-key.ts';

const POST_PREFIX = 'app.bsky.feed.post/';

interface Op {
  action: string;
  path: string;
  cid: CidLinkWrapper | null;
}

interface CommitBody {
  ops: Op[];
  blocks: Bytes;
}

export function countAtcute(frames: readonly Uint8Array[], counts: Map<string, number>): void {
  for (const frame of frames) {
    const [header, rest] = decodeFirst(frame) as [{ op: number; t?: string }, Uint8Array];
    const body = decode(rest) as CommitBody;
    if (header.op !== 1 || header.t !== '#commit') continue;
    let car: SyncCarReader | undefined;
    for (const op of body.ops) {
      if (op.action !== 'create' || !op.path.startsWith(POST_PREFIX) || op.cid === null) continue;
      car ??= fromUint8Array(fromBytes(body.blocks));
      for (const entry of car) {
        if (!equals(entry.cid.bytes, op.cid.bytes)) continue;
        const record = decode(entry.bytes) as { langs?: unknown };
        const { key } = languageKey(record.langs);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        break;
      }
    }
  }
}

function equals(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
