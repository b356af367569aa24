import { describe, it, expect } from 'vitest';
import { csvParseRows } from 'd3-dsv';
import { emptyStats, type Snapshot, type WindowCounts } from '../worker/protocol';
import { CSV_HEADER, csvFilename, neutraliseCell, snapshotCsv } from './csv-export';

const AT = '2026-11-28T14:05:09.123Z';

function snapshotWith(windows: WindowCounts[]): Snapshot {
  return {
    at: AT,
    since: '2026-11-28T14:00:00.000Z',
    connection: {
      state: 'live',
      url: 'wss://bsky.network/xrpc/com.atproto.sync.subscribeRepos',
      reconnects: 0,
      backoffMs: null,
      cursor: 42,
      lastError: null,
    },
    stats: { ...emptyStats(), lastSeq: 42 },
    windows,
    notices: [],
  };
}

function allWindow(counts: [string, number][]): WindowCounts {
  return { window: 'all', total: counts.reduce((sum, [, n]) => sum + n, 0), counts };
}

const upper = (key: string): string => key.toUpperCase();

describe('snapshotCsv', () => {
  it('starts with the exact header and ends with a newline', () => {
    const csv = snapshotCsv(snapshotWith([allWindow([['en', 1]])]), upper);
    expect(csv.split('\n')[0]).toBe('snapshot_time,window,language,name,posts,share');
    expect(CSV_HEADER.join(',')).toBe('snapshot_time,window,language,name,posts,share');
    expect(csv.endsWith('\n')).toBe(true);
  });

  it('writes one row per key with time, window, name, posts and a 6-decimal share', () => {
    const csv = snapshotCsv(
      snapshotWith([
        allWindow([
          ['en', 2],
          ['ja', 1],
        ]),
      ]),
      upper,
    );
    expect(csvParseRows(csv)).toEqual([
      CSV_HEADER,
      [AT, 'all', 'en', 'EN', '2', '0.666667'],
      [AT, 'all', 'ja', 'JA', '1', '0.333333'],
    ]);
  });

  it('sorts by posts descending, then by language, whatever order the counts came in', () => {
    const csv = snapshotCsv(
      snapshotWith([
        allWindow([
          ['pt', 3],
          ['de', 5],
          ['ja', 5],
          ['en', 9],
          ['ar', 3],
        ]),
      ]),
      upper,
    );
    const languages = csvParseRows(csv)
      .slice(1)
      .map((row) => row[2]);
    expect(languages).toEqual(['en', 'de', 'ja', 'ar', 'pt']);
  });

  it('has a posts column that sums to the window total', () => {
    const counts: [string, number][] = [
      ['en', 1234],
      ['ja', 567],
      ['und', 89],
      ['(other)', 3],
    ];
    const rows = csvParseRows(snapshotCsv(snapshotWith([allWindow(counts)]), upper)).slice(1);
    expect(rows.reduce((sum, row) => sum + Number(row[4]), 0)).toBe(1234 + 567 + 89 + 3);
    for (const row of rows) expect(row[5]).toMatch(/^\d\.\d{6}$/);
  });

  it('writes 0.000000 shares when the total is zero', () => {
    const csv = snapshotCsv(
      snapshotWith([{ window: 'all', total: 0, counts: [['en', 0]] }]),
      upper,
    );
    expect(csvParseRows(csv)[1]?.[5]).toBe('0.000000');
  });

  it('writes only the header for an empty window', () => {
    expect(snapshotCsv(snapshotWith([allWindow([])]), upper)).toBe(
      'snapshot_time,window,language,name,posts,share\n',
    );
  });

  it('writes the rows of every window', () => {
    const csv = snapshotCsv(
      snapshotWith([
        allWindow([['en', 1]]),
        { window: 'last-minute', total: 1, counts: [['ja', 1]] },
      ]),
      upper,
    );
    expect(
      csvParseRows(csv)
        .slice(1)
        .map((row) => [row[1], row[2]]),
    ).toEqual([
      ['all', 'en'],
      ['last-minute', 'ja'],
    ]);
  });

  it.each(['=', '+', '-', '@', '\t', '\r'])(
    'neutralises a language and name starting with %j',
    (start) => {
      const key = `${start}HYPERLINK("http://x")`;
      const csv = snapshotCsv(snapshotWith([allWindow([[key, 1]])]), (k) => `${k}!`);
      const row = csvParseRows(csv)[1];
      expect(row?.[2]).toBe(`'${key}`);
      expect(row?.[3]).toBe(`'${key}!`);
    },
  );

  it('leaves cells alone that merely contain formula characters later on', () => {
    expect(neutraliseCell('en-US')).toBe('en-US');
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell('')).toBe('');
  });

  it('quotes commas, quotes and newlines so they stay inside their cell', () => {
    const key = 'x,"y"\nz';
    const csv = snapshotCsv(snapshotWith([allWindow([[key, 1]])]), () => 'a, "b"\r\nc');
    expect(csv).toContain('"x,""y""\nz"');
    expect(csv).toContain('"a, ""b""\r\nc"');
    const rows = csvParseRows(csv);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[2]).toBe(key);
    expect(rows[1]?.[3]).toBe('a, "b"\r\nc');
  });
});

describe('csvFilename', () => {
  it('names the file by the UTC time, without colons or milliseconds', () => {
    expect(csvFilename(new Date(AT))).toBe('languages-2026-11-28T14-05-09Z.csv');
  });

  it('never produces characters that are invalid in file names', () => {
    expect(csvFilename(new Date('2026-01-02T03:04:05+09:00'))).toBe(
      'languages-2026-01-01T18-04-05Z.csv',
    );
    expect(csvFilename(new Date('not a date'))).toMatch(/^languages-[0-9TZ-]+\.csv$/);
  });
});
