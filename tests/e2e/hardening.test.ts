// What the page promises when things go wrong on its own side: a strict CSP that the app runs
// under, and a worker that is restarted, visibly, if it dies.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCapture, CAPTURE_LAST_SEQ } from '../support/frame-codec';
import { appTestFile, DIST_DIR, statusData, waitForSeq } from '../support/app-page';

const app = appTestFile();

describe('hardening', () => {
  it('ships a Content-Security-Policy without inline scripts', () => {
    const html = readFileSync(join(DIST_DIR, 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'", 'ws:', 'wss:']);
    expect(directives['worker-src']).toEqual(["'self'"]);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('says so and restarts the worker when it dies, then counts again', async () => {
    const relay = await app.relay({ frames: readCapture() });
    const { page, problems } = await app.open(`?relay=${encodeURIComponent(relay.url)}`);
    await waitForSeq(page, CAPTURE_LAST_SEQ);
    const [worker] = page.workers();
    expect(worker).toBeDefined();
    // An error thrown outside the worker's message loop, as a bug in the runtime would be.
    await worker!.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated worker failure');
      });
    });
    await expect
      .poll(() => page.locator('#worker-error, #worker-restarted').count())
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await statusData(page)).workerRestarts, { timeout: 15_000 })
      .toBe('1');
    // Shown once the new worker's first snapshot has replaced the old one.
    await expect.poll(() => page.locator('#worker-restarted').count()).toBe(1);
    // The new worker counts from zero again.
    await expect.poll(async () => (await statusData(page)).posts, { timeout: 15_000 }).toBe('17');
    expect(problems).toEqual([]);
  });
});
