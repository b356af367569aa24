// The first issue's promise, end to end: the built app, served from a sub-path, reads a relay
// over a real websocket and shows exact counts in the table, the treemap and the CSV.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TILE_LABELS } from '../../src/ui/treemap-layout';
import { generateEvents } from '../support/event-generator';
import { CAPTURE_LAST_SEQ, readCapture } from '../support/frame-codec';
import {
  appTestFile,
  chromiumName,
  downloadCsv,
  statusData,
  tableCounts,
  waitForSeq,
} from '../support/app-page';

const app = appTestFile();

/** The app reading 4,000 generated events that the relay sends at 800 a second (5 s). */
async function openPacedStream(seed: number, startSeq: number) {
  const { frames, expected } = generateEvents({ count: 4000, seed, startSeq, fillerBytes: 0 });
  const relay = await app.relay({ frames, rate: 800 });
  const opened = await app.open(`?relay=${encodeURIComponent(relay.url)}`);
  return { ...opened, expected };
}

/** Each tile's key and its three spans' text, as Chromium would join them for its name. */
function tileTexts(page: Page): Promise<[string, string, string][]> {
  return page
    .locator('.tile[data-key]')
    .evaluateAll((tiles) =>
      tiles.map((tile) => [
        (tile as HTMLElement).dataset.key!,
        [...tile.querySelectorAll('.text > span')].map((span) => span.textContent).join(' '),
        tile.className,
      ]),
    );
}

describe('the built app against a local relay', () => {
  it('counts the real capture exactly: en 7, tr 3, one each of ja ko de ru en-US es und', async () => {
    const relay = await app.relay({ frames: readCapture() });
    const { page, problems } = await app.open(`?relay=${encodeURIComponent(relay.url)}`);
    await waitForSeq(page, CAPTURE_LAST_SEQ);

    const expected = { en: 7, tr: 3, ja: 1, ko: 1, de: 1, ru: 1, 'en-US': 1, es: 1, und: 1 };
    expect(await tableCounts(page)).toEqual(expected);
    expect(await page.locator('.tile[data-key]').count()).toBe(9);
    // A tile's name is what it shows (its own spans); its position is its rank, whatever the
    // DOM order.
    const en = page.locator('.tile[data-key="en"]');
    const named = page.getByRole('option', { name: 'English en 41.2%', exact: true });
    expect(await named.getAttribute('data-key')).toBe('en');
    expect(await chromiumName(page, '.tile[data-key="en"]')).toBe('English en 41.2%');
    // Every tile is named by its three spans, shown or not.
    for (const [key, text] of await tileTexts(page)) {
      expect({ key, name: await chromiumName(page, `.tile[data-key="${key}"]`) }).toEqual({
        key,
        name: text,
      });
    }
    expect(await en.getAttribute('aria-posinset')).toBe('1');
    expect(await page.locator('.tile[data-key="tr"]').getAttribute('aria-posinset')).toBe('2');
    expect(await en.getAttribute('aria-setsize')).toBe('9');
    // One tab stop, on the largest tile; an arrow key moves it to the next rank.
    const tabStops = () =>
      page.locator('.tile[tabindex="0"][aria-selected="true"]').evaluateAll((tiles) => {
        return tiles.map((tile) => (tile as HTMLElement).dataset.key);
      });
    expect(await tabStops()).toEqual(['en']);
    expect(await page.locator('.tile[tabindex="-1"][aria-selected="false"]').count()).toBe(8);
    await en.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.key)).toBe(
      'tr',
    );
    expect(await tabStops()).toEqual(['tr']);
    const status = await statusData(page);
    expect(status).toMatchObject({ state: 'live', posts: '17', lastSeq: String(CAPTURE_LAST_SEQ) });

    const csv = await downloadCsv(page);
    expect(csv.filename).toMatch(/^languages-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv$/);
    expect(csv.columns).toEqual(['snapshot_time', 'window', 'language', 'name', 'posts', 'share']);
    expect(Object.fromEntries(csv.rows.map((r) => [r.language, Number(r.posts)]))).toEqual(
      expected,
    );
    expect(csv.rows[0]).toMatchObject({
      window: 'all',
      language: 'en',
      name: 'English',
      posts: '7',
      share: '0.411765',
    });
    expect(problems).toEqual([]);
  });

  it('counts a generated stream with odd and hostile tags exactly, in the table and the CSV', async () => {
    const { frames, expected } = generateEvents({
      count: 3000,
      seed: 7,
      startSeq: 1000,
      fillerBytes: 0,
    });
    const relay = await app.relay({ frames });
    const { page, problems } = await app.open(`?relay=${encodeURIComponent(relay.url)}`);
    await waitForSeq(page, expected.lastSeq);

    expect(await tableCounts(page)).toEqual(expected.byKey);
    const tiles = await page
      .locator('.tile[data-key]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    expect(new Set(tiles)).toEqual(new Set(Object.keys(expected.byKey)));
    // Tiles too small for their text are named by it all the same.
    const small = (await tileTexts(page)).filter(([, , className]) =>
      /label-(tag|none)/.test(className),
    );
    expect(small.length).toBeGreaterThan(0);
    for (const [key, text] of small) {
      expect(await chromiumName(page, `.tile[data-key="${key}"]`)).toBe(text);
    }
    const status = await statusData(page);
    expect(status).toMatchObject({
      posts: String(expected.posts),
      invalidTags: String(expected.invalidTags),
      undecodable: String(expected.undecodable),
    });

    const csv = await downloadCsv(page);
    const rows = csv.rows;
    expect(Object.fromEntries(rows.map((r) => [r.language, Number(r.posts)]))).toEqual(
      expected.byKey,
    );
    expect(rows.reduce((sum, r) => sum + Number(r.posts), 0)).toBe(expected.posts);
    const posts = rows.map((r) => Number(r.posts));
    expect(posts).toEqual([...posts].sort((a, b) => b - a));
    for (const row of rows) {
      expect(row.snapshot_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(row.share).toBe((Number(row.posts) / expected.posts).toFixed(6));
      for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    // The hostile tags were counted under und, never rendered as markup.
    expect(await page.locator('img').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('leaves the table alone while it is scrolled away, and catches up once in view', async () => {
    const { page, problems, expected } = await openPacedStream(11, 9000);
    // Short enough that the table starts below the fold.
    await page.setViewportSize({ width: 1280, height: 600 });
    const posts = async () => Number((await statusData(page)).posts);
    const tableTotal = async () =>
      Number(await page.locator('table tfoot [data-posts]').getAttribute('data-posts'));
    await expect.poll(posts, { timeout: 30_000 }).toBeGreaterThan(0);
    const frozen = await tableTotal();
    await page.waitForTimeout(1500);
    expect(await posts()).toBeGreaterThan(frozen);
    expect(await tableTotal()).toBe(frozen);

    await waitForSeq(page, expected.lastSeq);
    expect(await tableCounts(page)).toEqual(expected.byKey);
    expect(problems).toEqual([]);
  });

  it('holds snapshots while the tab is hidden and shows the latest when it is back', async () => {
    const { page, problems, expected } = await openPacedStream(12, 20_000);
    const lastSeq = async () => Number((await statusData(page)).lastSeq);
    await expect.poll(lastSeq, { timeout: 30_000 }).toBeGreaterThan(20_000);
    // Headless pages are never hidden: hide this one the way a browser would tell the page.
    const setHidden = (hidden: boolean) =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await page.waitForTimeout(300); // a snapshot already on its way may still land
    const held = await lastSeq();
    await page.waitForTimeout(1500);
    expect(await lastSeq()).toBe(held);

    await setHidden(false);
    await expect.poll(lastSeq).toBeGreaterThan(held);
    await waitForSeq(page, expected.lastSeq);
    expect(await tableCounts(page)).toEqual(expected.byKey);
    expect(problems).toEqual([]);
  });

  it('lays out hidden font specimens while it waits, and drops them with the first posts', async () => {
    const relay = await app.relay({ frames: [], holdOpen: true });
    const { page, problems } = await app.open(`?relay=${encodeURIComponent(relay.url)}`);
    await expect.poll(() => relay.openConnections).toBe(1);
    const specimens = page.locator('.specimens .tile');
    expect(await specimens.count()).toBe(TILE_LABELS.length);
    // Laid out, so the browser has met their fonts; never seen, never announced.
    const nameWidths = await page
      .locator('.specimens .name, .specimen th')
      .evaluateAll((names) => names.map((name) => name.getBoundingClientRect().width));
    expect(nameWidths.filter((width) => width > 0).length).toBeGreaterThan(0);
    expect(await specimens.first().isVisible()).toBe(false);
    expect(await page.locator('.specimen').isVisible()).toBe(false);
    expect(await page.getByRole('option').count()).toBe(0);
    expect(await page.getByRole('row', { name: /Aa/ }).count()).toBe(0);

    relay.appendFrames(readCapture());
    await waitForSeq(page, CAPTURE_LAST_SEQ);
    expect(await page.locator('.specimens').count()).toBe(0);
    // The table updates once it is in view (see the scrolled-away test).
    await page.locator('table').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.specimen').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('rehearses its first render unseen while it loads, then leaves nothing of it', async () => {
    // Each DOM change while the rehearsal is there: its tiles and rows, and whether the tiles
    // were laid out (a width) and kept out of sight.
    const watch = `(() => {
      const seen = (window.__rehearsal = { tiles: 0, rows: 0, laidOut: 0, visible: 0 });
      new MutationObserver(() => {
        const tiles = [...document.querySelectorAll('.render-rehearsal .tile')];
        seen.tiles = Math.max(seen.tiles, tiles.length);
        seen.rows = Math.max(seen.rows, document.querySelectorAll('.render-rehearsal tr[data-key]').length);
        seen.laidOut = Math.max(seen.laidOut, tiles.filter((tile) => tile.offsetWidth > 0).length);
        seen.visible += tiles.filter((tile) => tile.checkVisibility({ visibilityProperty: true })).length;
      }).observe(document, { childList: true, subtree: true });
    })()`;
    const relay = await app.relay({ frames: [], holdOpen: true });
    const { page, problems } = await app.open(`?relay=${encodeURIComponent(relay.url)}`, {
      initScript: watch,
    });
    await expect.poll(() => relay.openConnections).toBe(1);
    await expect.poll(() => page.locator('.render-rehearsal').count()).toBe(0);
    const seen = await page.evaluate(
      () => (window as unknown as { __rehearsal: object }).__rehearsal,
    );
    expect(seen).toEqual({ tiles: 24, rows: 24, laidOut: 24, visible: 0 });
    expect(await page.getByRole('option').count()).toBe(0);

    // The real counts and shares, untouched by the rehearsal's made-up ones.
    relay.appendFrames(readCapture());
    await waitForSeq(page, CAPTURE_LAST_SEQ);
    expect(await page.locator('.tile[data-key]').count()).toBe(9);
    expect(await chromiumName(page, '.tile[data-key="en"]')).toBe('English en 41.2%');
    expect(problems).toEqual([]);
  });

  it('refuses a relay url that is not ws or wss, with a message and no connection', async () => {
    const relay = await app.relay({ frames: readCapture() });
    const { page, problems } = await app.open(
      `?relay=${encodeURIComponent('https://example.com')}`,
    );
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/ws:\/\/ or wss:\/\//);
    await page.waitForTimeout(500);
    expect(relay.connections).toBe(0);
    expect(problems).toEqual([]);
  });
});
