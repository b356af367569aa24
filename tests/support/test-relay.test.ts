import { afterEach, describe, expect, it } from 'vitest';
import { generateEvents } from './event-generator.ts';
import { infoFrame, notCborFrame } from './frame-builder.ts';
import { decodeFrame } from './frame-codec.ts';
import { collectFrames } from './relay-client.ts';
import { startTestRelay, type TestRelay, type TestRelayOptions } from './test-relay.ts';

const { frames } = generateEvents({ count: 100, seed: 7, startSeq: 501, fillerBytes: 0 });
const seqRange = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

async function start(options: TestRelayOptions): Promise<TestRelay> {
  relay = await startTestRelay(options);
  return relay;
}

describe('startTestRelay', () => {
  it('serves every frame from the start, then holds the socket open', async () => {
    const { url } = await start({ frames });
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const got = await collectFrames(url, { idleMs: 300 });
    expect(got.seqs).toEqual(seqRange(501, 600));
    expect(got.closeCode).toBeNull();
  });

  it('resumes after the cursor with no overlap, and records each cursor', async () => {
    const r = await start({ frames, holdOpen: false });
    const first = await collectFrames(r.url, { count: 40 });
    const last = first.seqs.at(-1) ?? null;
    expect(last).toBe(540);
    const rest = await collectFrames(r.url, { cursor: last });
    expect(rest.seqs).toEqual(seqRange(541, 600));
    expect(rest.closeCode).toBe(1000);
    expect(r.connections).toBe(2);
    expect(r.cursors).toEqual([null, 540]);
  });

  it('replays the cursor frame too when inclusiveReplay is set', async () => {
    const r = await start({ frames, holdOpen: false, faults: { inclusiveReplay: true } });
    const rest = await collectFrames(r.url, { cursor: 590 });
    expect(rest.seqs).toEqual(seqRange(590, 600));
  });

  it('sends FutureCursor and closes for a cursor past the last seq', async () => {
    const r = await start({ frames });
    const got = await collectFrames(r.url, { cursor: 601 });
    expect(got.messages).toHaveLength(1);
    expect(decodeFrame(got.messages[0] as Uint8Array)).toEqual({
      header: { op: -1 },
      body: { error: 'FutureCursor', message: 'Cursor in the future.' },
    });
    expect(got.closeCode).toBe(1008);
    const atEnd = await collectFrames(r.url, { cursor: 600, idleMs: 100 });
    expect(atEnd.messages).toHaveLength(0);
  });

  it('refuses other paths and malformed cursors', async () => {
    const r = await start({ frames });
    await expect(collectFrames(r.url, { path: '/xrpc/other' })).rejects.toThrow('404');
    await expect(
      collectFrames(`${r.url}/xrpc/com.atproto.sync.subscribeRepos?cursor=abc`, { path: '' }),
    ).rejects.toThrow('400');
    expect(r.connections).toBe(0);
  });

  it('drops the socket every N frames; resuming by cursor loses and repeats nothing', async () => {
    const r = await start({ frames, faults: { disconnectEvery: 30 } });
    const seen: number[] = [];
    let cursor: number | null = null;
    for (let i = 0; i < 4; i++) {
      const got = await collectFrames(r.url, { cursor, idleMs: 300 });
      const seqs = got.seqs.filter((seq): seq is number => seq !== null);
      expect(got.closeCode).toBe(i < 3 ? 1006 : null);
      expect(seqs).toHaveLength(i < 3 ? 30 : 10);
      seen.push(...seqs);
      cursor = seqs.at(-1) ?? cursor;
    }
    expect(seen).toEqual(seqRange(501, 600));
    expect(r.cursors).toEqual([null, 530, 560, 590]);
  });

  it('duplicates, injects bad frames once, and says OutdatedCursor once', async () => {
    const r = await start({
      frames,
      holdOpen: false,
      faults: {
        duplicateEvery: 25,
        badFrames: [
          { afterSeq: 510, frame: notCborFrame() },
          { afterSeq: 510, frame: 'a text frame' },
        ],
        outdatedCursorOnResume: true,
      },
    });
    const got = await collectFrames(r.url, { cursor: 500 });
    const seqs = got.seqs.filter((seq): seq is number => seq !== null);
    expect(seqs.filter((seq) => seq === 525)).toHaveLength(2);
    expect(seqs).toHaveLength(104);
    expect(decodeFrame(got.messages[0] as Uint8Array).body).toMatchObject({
      name: 'OutdatedCursor',
    });
    const afterSeq510 = got.seqs.indexOf(510);
    expect(got.messages[afterSeq510 + 1]).toEqual(notCborFrame());
    expect(got.messages[afterSeq510 + 2]).toBe('a text frame');

    const again = await collectFrames(r.url, { cursor: 500 });
    expect(again.messages).not.toContain('a text frame');
    expect(again.seqs[0]).toBe(501);
  });

  it('sends ConsumerTooSlow once, then serves normally', async () => {
    const r = await start({ frames, holdOpen: false, faults: { consumerTooSlowAfter: 10 } });
    const got = await collectFrames(r.url);
    expect(got.seqs.slice(0, 10)).toEqual(seqRange(501, 510));
    expect(decodeFrame(got.messages[10] as Uint8Array).body).toMatchObject({
      error: 'ConsumerTooSlow',
    });
    expect(got.closeCode).toBe(1008);
    const rest = await collectFrames(r.url, { cursor: 510 });
    expect(rest.seqs).toEqual(seqRange(511, 600));
  });

  it('stalls once without closing, and paces at the given rate', async () => {
    const r = await start({ frames: frames.slice(0, 60), holdOpen: false, rate: 200 });
    r.setFaults({ stallAfter: { frames: 5, ms: 300 } });
    const started = performance.now();
    const got = await collectFrames(r.url, { idleMs: 1000 });
    const elapsed = performance.now() - started;
    expect(got.seqs).toEqual(seqRange(501, 560));
    // 60 frames at 200/s take ~300 ms, plus the 300 ms stall.
    expect(elapsed).toBeGreaterThan(560);
    expect(elapsed).toBeLessThan(3000);
  });

  it('feeds held-open connections appended frames, seqless ones in order', async () => {
    const r = await start({ frames: frames.slice(0, 10) });
    const pending = collectFrames(r.url, { count: 21 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    r.appendFrames([infoFrame('Note'), ...frames.slice(10, 30)]);
    const got = await pending;
    expect(got.seqs).toEqual([...seqRange(501, 510), null, ...seqRange(511, 520)]);
  });
});
