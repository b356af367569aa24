// `npm run bench:loop`: the worker's per-message pipeline in a tight loop over the real capture,
// in Node and in Chromium dedicated workers, same code and same frames (decode-loop/passes.ts).
// Warm rounds repeat the 150 frames, which then sit in the CPU's caches; cold rounds decode fresh
// copies once each, as every message off the socket is. Node is the named reference: the ratio
// says what the browser's engine itself costs the pipeline, apart from the browser's own work
// around each message (which `npm run bench:browser` measures).
//
// The page (decode-loop/index.html) is built with Vite, as the app is; each Chromium run is a
// fresh browser.

import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { CAPTURE_PATH } from '../support/frame-codec.ts';
import { serveStatic } from '../support/static-server.ts';
import { CdpBrowser } from './cdp-browser.ts';
import type { LoopTimes } from './decode-loop/passes.ts';
import { median } from './median.ts';
import { tsxWorker } from './tsx-worker.ts';

const PAGE_DIR = fileURLToPath(new URL('./decode-loop/', import.meta.url));
const CHROMIUM_RUNS = 3;
const NODE_MODULE = new URL('./decode-loop/node-worker.ts', import.meta.url);
const TIMEOUT_MS = 120_000;

async function buildPage(outDir: string): Promise<void> {
  await build({
    root: PAGE_DIR,
    configFile: false,
    base: './',
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true },
  });
  copyFileSync(CAPTURE_PATH, join(outDir, 'frames.bin'));
}

function nodeRun(file: ArrayBuffer): Promise<LoopTimes> {
  return new Promise((resolve, reject) => {
    const worker = tsxWorker(NODE_MODULE, { file });
    worker.once('message', (times: LoopTimes) => {
      resolve(times);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

async function chromiumRun(url: string): Promise<LoopTimes> {
  const browser = await CdpBrowser.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitFor('window.loopTimes', TIMEOUT_MS, 250);
    return await page.evaluate<LoopTimes>('window.loopTimes');
  } finally {
    await browser.close();
  }
}

function row(name: string, times: LoopTimes, reference?: LoopTimes): string {
  const warm = median(times.warm);
  const cold = median(times.cold);
  const ratios = reference
    ? `   ${(warm / median(reference.warm)).toFixed(2)}x   ${(cold / median(reference.cold)).toFixed(2)}x`
    : '';
  return `${name.padEnd(12)} ${warm.toFixed(2).padStart(6)} ${cold.toFixed(2).padStart(6)}${ratios}`;
}

async function main(): Promise<void> {
  const bytes = readFileSync(CAPTURE_PATH);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const outDir = mkdtempSync(join(tmpdir(), 'decode-loop-'));
  const server = await buildPage(outDir).then(() => serveStatic(outDir));
  try {
    const rows: string[] = [];
    const node = await nodeRun(file);
    rows.push(row('node', node));
    for (let run = 1; run <= CHROMIUM_RUNS; run++) {
      rows.push(row(`chromium ${run}`, await chromiumRun(`${server.url}index.html`), node));
    }
    console.log('the 150 frames of the capture; µs per frame, medians of 7 rounds');
    console.log('             warm   cold   chromium/node (warm, cold)');
    for (const line of rows) console.log(line);
  } finally {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
