// The second issue's promise: a relay that drops, stalls, replays, duplicates and sends garbage
// still ends with exact counts in the CSV, a page without errors, and every fault on show.

import { describe, expect, it } from 'vitest';
import { generateEvents } from '../support/event-generator';
import {
  badBodyFrame,
  badCarFrame,
  badHeaderFrame,
  badRecordFrame,
  badSeqFrame,
  commitFrame,
  notCborFrame,
  oversizeFrame,
  POST,
  postRecord,
  truncatedFrame,
} from '../support/frame-builder';
import { frameSeq } from '../support/frame-codec';
import {
  appTestFile,
  downloadCsv,
  statusData,
  streamDetailCounts,
  tableCounts,
  waitForSeq,
} from '../support/app-page';
import { BAD_FRAME_KINDS } from '../../src/worker/protocol';

const app = appTestFile();

function post(seq: number, langs: unknown[]): Uint8Array {
  const record = postRecord('last word', '2026-07-04T15:00:00Z', langs);
  return commitFrame({
    seq,
    fillerBytes: 0,
    ops: [{ action: 'create', collection: POST, rkey: `z${seq}`, record }],
  });
}

describe('the built app against a faulty relay', () => {
  it('counts 8,000 events exactly through 20+ drops and every fault kind', async () => {
    const { frames, expected } = generateEvents({
      count: 8000,
      seed: 3,
      startSeq: 50_000,
      fillerBytes: 0,
    });
    const seqs = frames.map(frameSeq).filter((s): s is number => s !== null);
    const at = (i: number) => seqs[i]!;
    const last = expected.lastSeq;
    // Bad CAR and bad record frames carry post creates with fresh seqs: append them at the end,
    // then one good post, so the expected counts are the generator's plus that post.
    const tail = [
      badCarFrame(last + 1),
      badRecordFrame(last + 2),
      post(last + 3, ['=HYPERLINK("x")']),
    ];
    const relay = await app.relay({
      frames: [...frames, ...tail],
      faults: {
        disconnectEvery: 350,
        inclusiveReplay: true,
        duplicateEvery: 97,
        consumerTooSlowAfter: 200,
        outdatedCursorOnResume: true,
        stallAfter: { frames: 120, ms: 4000 },
        badFrames: [
          { afterSeq: at(500), frame: 'not binary: {"op":1}' },
          { afterSeq: at(900), frame: notCborFrame() },
          { afterSeq: at(1300), frame: truncatedFrame(frames[10]!) },
          { afterSeq: at(1700), frame: badHeaderFrame('array', at(1700) + 1) },
          { afterSeq: at(2100), frame: badBodyFrame(at(2100) + 1) },
          { afterSeq: at(2500), frame: badSeqFrame('negative') },
          { afterSeq: at(2900), frame: oversizeFrame(at(2900) + 1) },
        ],
      },
    });

    const { page, problems } = await app.open(`?relay=${encodeURIComponent(relay.url)}&stall=1.5`);
    await waitForSeq(page, last + 3, 240_000);

    const truth = { ...expected.byKey, und: (expected.byKey.und ?? 0) + 1 };
    expect(await tableCounts(page)).toEqual(truth);
    const csv = await downloadCsv(page);
    expect(Object.fromEntries(csv.rows.map((r) => [r.language, Number(r.posts)]))).toEqual(truth);
    expect(csv.rows.reduce((sum, r) => sum + Number(r.posts), 0)).toBe(expected.posts + 1);
    for (const row of csv.rows)
      for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const status = await statusData(page);
    expect(Number(status.reconnects)).toBeGreaterThanOrEqual(20);
    expect(relay.connections).toBeGreaterThanOrEqual(21);
    expect(Number(status.duplicates)).toBeGreaterThan(0);
    expect(Number(status.undecodable)).toBe(expected.undecodable + 2);
    expect(Number(status.invalidTags)).toBe(expected.invalidTags + 1);
    // Every reconnect after the first connection resumed from a cursor.
    expect(relay.cursors[0]).toBeNull();
    expect(relay.cursors.slice(1).every((c) => c !== null)).toBe(true);

    const bad = await streamDetailCounts(page, 'bad');
    for (const kind of BAD_FRAME_KINDS) expect({ kind, n: bad[kind] }).toEqual({ kind, n: 1 });
    const codes = await page
      .locator('[data-code]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toEqual(
      expect.arrayContaining([
        'consumer-too-slow',
        'outdated-cursor',
        'connection-lost',
        'stall',
        'bad-frame',
      ]),
    );
    expect(await page.getByText(/connection stalled/).count()).toBeGreaterThan(0);

    expect(await page.locator('img').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('restarts from live when the relay says the cursor is in its future, and keeps counting', async () => {
    const first = generateEvents({ count: 400, seed: 5, startSeq: 900_000, fillerBytes: 0 });
    const relay = await app.relay({ frames: first.frames });
    const { page, problems } = await app.open(`?relay=${encodeURIComponent(relay.url)}`);
    await waitForSeq(page, first.expected.lastSeq);

    // The relay is reset: its seqs start again far below our cursor.
    const second = generateEvents({ count: 300, seed: 6, startSeq: 10, fillerBytes: 0 });
    relay.setFrames(second.frames);
    relay.dropConnections();
    await page.waitForFunction(
      (target) =>
        Number(
          document.querySelector('[aria-label="Connection status"]')?.getAttribute('data-posts'),
        ) >= target,
      first.expected.posts + second.expected.posts,
      { timeout: 60_000 },
    );

    const truth: Record<string, number> = { ...first.expected.byKey };
    for (const [key, n] of Object.entries(second.expected.byKey))
      truth[key] = (truth[key] ?? 0) + n;
    expect(await tableCounts(page)).toEqual(truth);
    expect(relay.cursors).toEqual([null, first.expected.lastSeq, null]);
    const codes = await page
      .locator('[data-code]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toContain('future-cursor');
    expect(await page.getByText(/counting continues from the live stream/).count()).toBeGreaterThan(
      0,
    );
    expect(problems).toEqual([]);
  });
});
