// The shipped bytes: page JS ≤ 60 KB and worker JS ≤ 40 KB gzipped, and the compile hint each
// chunk starts with, checked on the build that `npm run test:e2e` has just made.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DIST_DIR } from '../support/app-page';

const KB = 1024;
const PAGE_BUDGET = 60 * KB;
const WORKER_BUDGET = 40 * KB;

function gzippedJs(filter: (name: string) => boolean): number {
  const assets = join(DIST_DIR, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js') && filter(name))
    .reduce(
      (sum, name) => sum + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length,
      0,
    );
}

describe('bundle budget', () => {
  const isWorker = (name: string) => name.startsWith('firehose-worker');

  it('keeps the worker JS within 40 KB gzipped', () => {
    const bytes = gzippedJs(isWorker);
    console.log(`worker JS: ${(bytes / KB).toFixed(1)} KB gzipped (budget 40 KB)`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(WORKER_BUDGET);
  });

  it('keeps the page JS within 60 KB gzipped', () => {
    const bytes = gzippedJs((name) => !isWorker(name));
    console.log(`page JS: ${(bytes / KB).toFixed(1)} KB gzipped (budget 60 KB)`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(PAGE_BUDGET);
  });

  it("starts every chunk with V8's compile hint, so it is compiled while it loads", () => {
    const assets = join(DIST_DIR, 'assets');
    const chunks = readdirSync(assets).filter((name) => name.endsWith('.js'));
    expect(chunks.some(isWorker)).toBe(true);
    for (const name of chunks) {
      const text = readFileSync(join(assets, name), 'utf8');
      expect(text.startsWith('//# allFunctionsCalledOnLoad\n')).toBe(true);
    }
  });

  it('ships no @atproto/api code and no whole-d3 bundle', () => {
    const assets = join(DIST_DIR, 'assets');
    for (const name of readdirSync(assets).filter((n) => n.endsWith('.js'))) {
      const text = readFileSync(join(assets, name), 'utf8');
      expect(text).not.toMatch(/AtpAgent|BskyAgent|d3-selection|d3-transition/);
    }
  });
});
