import { describe, expect, it } from 'vitest';
import {
  CAPTURE_FIRST_SEQ,
  CAPTURE_LAST_SEQ,
  decodeFrame,
  encodeFrame,
  frameSeq,
  readCapture,
  resequence,
} from './frame-codec.ts';

describe('frame codec', () => {
  it('reads the 150 contiguous frames of the real capture', () => {
    const frames = readCapture();
    expect(frames).toHaveLength(150);
    const seqs = frames.map((frame) => frameSeq(frame));
    expect(seqs[0]).toBe(CAPTURE_FIRST_SEQ);
    expect(seqs.at(-1)).toBe(CAPTURE_LAST_SEQ);
    seqs.forEach((seq, i) => expect(seq).toBe(CAPTURE_FIRST_SEQ + i));
  });

  it('round-trips header and body', () => {
    const frame = encodeFrame({ op: 1, t: '#info' }, { name: 'OutdatedCursor' });
    expect(decodeFrame(frame)).toEqual({
      header: { op: 1, t: '#info' },
      body: { name: 'OutdatedCursor' },
    });
    expect(frameSeq(frame)).toBeNull();
    expect(frameSeq('text')).toBeNull();
    expect(frameSeq(Uint8Array.from([0xff]))).toBeNull();
  });

  it('re-encodes a captured frame byte for byte, and resequence changes only seq and time', () => {
    const [first] = readCapture();
    if (first === undefined) throw new Error('empty capture');
    const { header, body } = decodeFrame(first);
    expect(encodeFrame(header, body)).toEqual(first);

    const moved = resequence(first, 99, '2030-01-01T00:00:00.000Z');
    expect(frameSeq(moved)).toBe(99);
    const decoded = decodeFrame(moved);
    expect(decoded.header).toEqual(header);
    expect(decoded.body).toEqual({
      ...(body as object),
      seq: 99,
      time: '2030-01-01T00:00:00.000Z',
    });
  });
});
