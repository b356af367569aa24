// The two streams the decode benchmark replays: the real 150-frame production capture, and a
// larger seeded mix with the network's proportions (about 11% post creates, the rest likes,
// reposts, follows, a few edits, deletes and identity/account events; ~5 KB frames, mostly CAR).

import { generateEvents, type ExpectedCounts } from '../support/event-generator.ts';
import { CAPTURE_LAST_SEQ, decodeFrame, readCapture } from '../support/frame-codec.ts';

export interface Dataset {
  name: string;
  frames: Uint8Array[];
  /** Sum of the frames' lengths. */
  bytes: number;
  /** Ground truth from the generator, when the dataset was generated. */
  expected?: ExpectedCounts;
}

/** Frames in the generated mix: enough that 11% of them give a few hundred posts per pass. */
export const MIX_FRAMES = 3000;
const MIX_SEED = 20260704;

export function captureDataset(): Dataset {
  // Plain Uint8Arrays, as the worker gets them from a websocket's ArrayBuffer (readCapture's
  // are Node Buffers), and like the generated frames, so no pipeline sees two array types.
  const frames = readCapture().map((frame) => new Uint8Array(frame));
  return { name: 'capture', frames, bytes: totalBytes(frames) };
}

export function mixDataset(count: number = MIX_FRAMES): Dataset {
  // Seqs go on from the capture's, so they are 8-byte integers like every real relay seq.
  const startSeq = CAPTURE_LAST_SEQ + 1;
  const { frames, expected } = generateEvents({ count, seed: MIX_SEED, startSeq });
  return { name: 'generated mix', frames, bytes: totalBytes(frames), expected };
}

export interface DatasetShape {
  frames: number;
  averageBytes: number;
  /** Share of all bytes that sit in commits' `blocks` CARs. */
  carShare: number;
  /** Share of frames that are commits creating at least one post. */
  postCommitShare: number;
  kinds: Record<string, number>;
}

/** What the dataset looks like, decoded with the plain @ipld stack (outside the timed code). */
export function describeDataset(dataset: Dataset): DatasetShape {
  let carBytes = 0;
  let postCommits = 0;
  const kinds: Record<string, number> = {};
  for (const frame of dataset.frames) {
    const { header, body } = decodeFrame(frame);
    const t = (header as { t?: string }).t ?? 'error';
    kinds[t] = (kinds[t] ?? 0) + 1;
    const { blocks, ops } = body as {
      blocks?: Uint8Array;
      ops?: { action: string; path: string }[];
    };
    if (blocks instanceof Uint8Array) carBytes += blocks.length;
    const isPost = (op: { action: string; path: string }) =>
      op.action === 'create' && op.path.startsWith('app.bsky.feed.post/');
    if (t === '#commit' && ops?.some(isPost)) postCommits++;
  }
  return {
    frames: dataset.frames.length,
    averageBytes: dataset.bytes / dataset.frames.length,
    carShare: carBytes / dataset.bytes,
    postCommitShare: postCommits / dataset.frames.length,
    kinds,
  };
}

function totalBytes(frames: readonly Uint8Array[]): number {
  let total = 0;
  for (const frame of frames) total += frame.length;
  return total;
}
