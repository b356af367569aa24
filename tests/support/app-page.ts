// Drives the built app in Chromium the way a person would, and reads back what it shows.

import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { csvParse } from 'd3-dsv';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { serveStatic, type StaticServer } from './static-server';
import { startTestRelay, type TestRelay, type TestRelayOptions } from './test-relay';

export const DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface AppSession {
  browser: Browser;
  server: StaticServer;
  close(): Promise<void>;
}

/** Chromium plus a static host serving `dist/` from a sub-path, as a real deployment would. */
export async function startAppSession(): Promise<AppSession> {
  const server = await serveStatic(DIST_DIR);
  const browser = await launchChromium();
  return {
    browser,
    server,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export interface OpenOptions {
  /** Script text run in the page before any of the app's (Playwright's addInitScript). */
  initScript?: string;
}

export interface AppTestFile {
  /** Opens the app with this query string (e.g. `?relay=…`) in a fresh browser context. */
  open(query: string, options?: OpenOptions): Promise<OpenedPage>;
  /** Starts a local relay that is closed after the file's tests. */
  relay(options: TestRelayOptions): Promise<TestRelay>;
}

/** For one test file: Chromium and the static host before its tests, all of it closed after. */
export function appTestFile(): AppTestFile {
  let session: AppSession | undefined;
  const relays: TestRelay[] = [];
  beforeAll(async () => {
    session = await startAppSession();
  });
  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.close()));
    await session?.close();
  });
  return {
    open: (query, options) => {
      if (session === undefined) throw new Error('appTestFile: open() before beforeAll ran');
      return openApp(session, query, options);
    },
    relay: async (options) => {
      const relay = await startTestRelay(options);
      relays.push(relay);
      return relay;
    },
  };
}

export interface OpenedPage {
  page: Page;
  /** Uncaught page errors, console errors and dialogs: each one is a failure. */
  problems: string[];
}

export async function openApp(
  session: AppSession,
  query: string,
  options: OpenOptions = {},
): Promise<OpenedPage> {
  const context = await session.browser.newContext({ acceptDownloads: true });
  if (options.initScript !== undefined) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(`${session.server.url}${query}`);
  return { page, problems };
}

const STATUS = '[aria-label="Connection status"]';

/** Waits until the page has counted the event with this seq. */
export async function waitForSeq(page: Page, seq: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    ([selector, target]) => {
      const value = document.querySelector(selector as string)?.getAttribute('data-last-seq');
      return value !== null && value !== undefined && Number(value) >= (target as number);
    },
    [STATUS, seq] as const,
    { timeout, polling: 100 },
  );
}

export async function statusData(page: Page): Promise<Record<string, string>> {
  return page
    .locator(STATUS)
    .evaluate((element) => ({ ...(element as HTMLElement).dataset }) as Record<string, string>);
}

/** The accessible name Chromium itself computes for the element `selector` finds. */
export async function chromiumName(page: Page, selector: string): Promise<string | undefined> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', {
      nodeId,
      fetchRelatives: false,
    });
    const name: unknown = nodes[0]?.name?.value;
    return typeof name === 'string' ? name : undefined;
  } finally {
    await cdp.detach();
  }
}

/** Opens "Stream details" (rendered only while open) and reads one group's counts by kind. */
export async function streamDetailCounts(
  page: Page,
  group: 'frame' | 'bad',
): Promise<Record<string, number>> {
  const details = page.locator('details.stream-details');
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) {
    await details.locator('summary').click();
  }
  const kinds = page.locator(`[data-group="${group}"][data-kind]`);
  // Rendered on the details' toggle event, which comes after the click.
  await kinds.first().waitFor();
  const items = await kinds.evaluateAll((els) =>
    els.map((el) => [el.getAttribute('data-kind'), Number(el.getAttribute('data-count'))]),
  );
  return Object.fromEntries(items);
}

/**
 * The language table as key → posts, read from the DOM. The table only updates while on
 * screen, so it is scrolled into view first and read once its total matches the status bar.
 */
export async function tableCounts(page: Page): Promise<Record<string, number>> {
  await page.locator('table').scrollIntoViewIfNeeded();
  await page.waitForFunction(
    ([status]) =>
      document.querySelector('table tfoot [data-posts]')?.getAttribute('data-posts') ===
      document.querySelector(status!)?.getAttribute('data-posts'),
    [STATUS],
  );
  const rows = await page
    .locator('table tbody tr[data-key]')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-key') ?? '',
        Number(tr.querySelector('[data-posts]')?.getAttribute('data-posts')),
      ]),
    );
  return Object.fromEntries(rows);
}

export interface DownloadedCsv {
  filename: string;
  text: string;
  rows: Record<string, string>[];
  columns: string[];
}

export async function downloadCsv(page: Page): Promise<DownloadedCsv> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  const parsed = csvParse(text);
  return {
    filename: download.suggestedFilename(),
    text,
    rows: [...parsed],
    columns: parsed.columns,
  };
}
