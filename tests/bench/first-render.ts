// `npm run bench:first-render`: where the CPU of the page's first renders with posts goes, part
// by part, on a machine that is not saturated.
//
// In a cold burst (browser-bench.ts) every main-thread task waits two to six times its CPU for
// a core, so the first render's wall time says more about the machine than about the page. Here
// each fresh page gets a short paced stream of real frames instead, is traced, and the bench
// prints the thread time of its first snapshots: the snapshot's script task and the rendering
// task that follows it (style, layout, pre-paint, paint, commit). Medians over `--pages=N`
// pages per variant (8 by default), the variants alternating:
//
//   --dist=DIR      a build to measure (repeatable; default: dist/, built by the npm script)
//   --hide=SELECTOR each build again with those elements hidden (`display: none`, a style sheet
//                   added once the document is parsed): what that part of the page costs
//   --frames=N      frames per page (3,000 by default)
//   --rate=N        frames a second (2,000 by default, the live firehose's peak): paced, so that
//                   any machine gets several snapshots and none is saturated
//
// e.g. `npm run bench:first-render -- --hide='.tile .text' --hide=.table-frame`. The figures
// move by up to about 1.5 ms between runs of the same build (tests/bench/README.md), so compare
// variants of one run, and only by more than that.

import { setTimeout as sleep } from 'node:timers/promises';
import { DIST_DIR } from '../support/app-page.ts';
import { CAPTURE_FIRST_SEQ, readCapture } from '../support/frame-codec.ts';
import { serveStatic } from '../support/static-server.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { CdpBrowser } from './cdp-browser.ts';
import { countOption, optionValues } from './cli-options.ts';
import { feedPaced, FrameSource, waitConnected } from './frame-feed.ts';
import { median } from './median.ts';

/** What the trace holds of one main-thread slice ('X' events only are kept). */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

interface Variant {
  dist: string;
  hide?: string;
}

/** Rendering steps, by their trace names in the order Chromium runs them, and as printed. */
const STEPS = [
  ['UpdateLayoutTree', 'style'],
  ['Layout', 'layout'],
  ['PrePaint', 'pre-paint'],
  ['Paint', 'paint'],
  ['Commit', 'commit'],
] as const;
/** The first snapshot with posts is the first with this much script: status-only ones have less. */
const SNAPSHOT_MIN_CPU_MS = 1.5;
const SNAPSHOTS_SHOWN = 2;

const PAGES = countOption('pages') ?? 8;
const FRAMES = countOption('frames') ?? 3_000;
const RATE = countOption('rate') ?? 2_000;
/** Traced after the last frame is sent, for the last snapshot and its rendering. */
const SETTLE_MS = 500;
const dists = optionValues('dist');
const variants: Variant[] = (dists.length > 0 ? dists : [DIST_DIR]).flatMap((dist) => [
  { dist },
  ...optionValues('hide').map((hide) => ({ dist, hide })),
]);

/** One page's first snapshots with posts: [script, rendering, ...STEPS, rendering wall] in ms. */
type SnapshotFigures = number[];

/** The capture, re-sequenced: each page has its own relay, so pages may share the seqs. */
const capture = readCapture();

async function tracePage(variant: Variant, url: string): Promise<SnapshotFigures[]> {
  const relay = await startTestRelay({ frames: [], holdOpen: true });
  const browser = await CdpBrowser.launch();
  try {
    const page = await browser.newPage();
    if (variant.hide !== undefined) {
      await page.addStyleSheet(`${variant.hide} { display: none !important }`);
    }
    await page.goto(`${url}?relay=${encodeURIComponent(relay.url)}`);
    await waitConnected(relay, url);
    // The page settles (its render rehearsal, fonts, compiling) before the first frame.
    await sleep(1_000);
    const events: TraceEvent[] = [];
    const stopCollecting = browser.on('Tracing.dataCollected', (params) => {
      for (const event of params.value as TraceEvent[]) {
        if (event.ph === 'X' || event.name === 'thread_name') events.push(event);
      }
    });
    const complete = new Promise((resolve) => browser.on('Tracing.tracingComplete', resolve));
    await browser.send('Tracing.start', {
      traceConfig: {
        includedCategories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          '__metadata',
        ],
      },
      transferMode: 'ReportEvents',
    });
    await feedPaced(relay, new FrameSource(capture, CAPTURE_FIRST_SEQ), RATE, FRAMES / RATE);
    await sleep(SETTLE_MS);
    await browser.send('Tracing.end');
    await complete;
    stopCollecting();
    return firstSnapshots(events);
  } finally {
    await browser.close();
    await relay.close();
  }
}

function firstSnapshots(events: readonly TraceEvent[]): SnapshotFigures[] {
  // Our page's main thread is the renderer main thread that did the most; about:blank's is idle.
  const mainThreads = events.filter(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  const main = mainThreads
    .map((thread) =>
      events.filter((e) => e.ph === 'X' && e.pid === thread.pid && e.tid === thread.tid),
    )
    .sort((a, b) => b.length - a.length)[0];
  if (main === undefined) return [];
  const tasks = main
    .filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask')
    .sort((a, b) => a.ts - b.ts);
  const inside = (task: TraceEvent, name: string) =>
    main.filter((e) => e.name === name && e.ts >= task.ts && e.ts <= task.ts + task.dur!);
  const cpuMs = (list: readonly TraceEvent[]) =>
    list.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
  // Every snapshot after the first with posts has posts too, however little it changes.
  const messages = tasks.filter((task) => inside(task, 'HandlePostMessage').length > 0);
  const first = messages.findIndex((task) => (task.tdur ?? 0) / 1000 > SNAPSHOT_MIN_CPU_MS);
  const snapshots = first < 0 ? [] : messages.slice(first, first + SNAPSHOTS_SHOWN);
  return snapshots.map((snapshot) => {
    const rendering = tasks.find(
      (task) => task.ts > snapshot.ts && inside(task, 'Layout').length > 0,
    );
    return [
      snapshot.tdur! / 1000,
      (rendering?.tdur ?? 0) / 1000,
      ...STEPS.map(([step]) => (rendering === undefined ? 0 : cpuMs(inside(rendering, step)))),
      (rendering?.dur ?? 0) / 1000,
    ];
  });
}

const servers = new Map<string, Awaited<ReturnType<typeof serveStatic>>>();
for (const { dist } of variants) if (!servers.has(dist)) servers.set(dist, await serveStatic(dist));
const figures = variants.map(() =>
  Array.from({ length: SNAPSHOTS_SHOWN }, (): SnapshotFigures[] => []),
);
console.log(`first renders: ${PAGES} pages per variant, ${FRAMES} frames each`);
for (let round = 0; round < PAGES; round++) {
  for (const [index, variant] of variants.entries()) {
    const snapshots = await tracePage(variant, servers.get(variant.dist)!.url);
    snapshots.forEach((snapshot, n) => figures[index]![n]!.push(snapshot));
  }
}
for (const server of servers.values()) await server.close();

const header = ['script', 'rendering', ...STEPS.map(([, label]) => label), 'rendering wall'];
console.log(`\nms of main-thread CPU (rendering wall: its task's wall time), medians`);
console.log(`${'variant'.padEnd(48)} snapshot  ${header.map((h) => h.padStart(9)).join(' ')}`);
for (const [index, variant] of variants.entries()) {
  const build = variant.dist.replace(/\/$/, '').split('/').pop() ?? variant.dist;
  const name = variant.hide === undefined ? build : `${build} without ${variant.hide}`;
  figures[index]!.forEach((pages, n) => {
    const row = `${name.slice(0, 48).padEnd(48)} ${`#${n + 1} (${pages.length})`.padEnd(9)}`;
    if (pages.length === 0) {
      console.log(`${row} no page had this snapshot`);
      return;
    }
    const cells = header.map((_, column) =>
      median(pages.map((page) => page[column]!))
        .toFixed(2)
        .padStart(9),
    );
    console.log(`${row} ${cells.join(' ')}`);
  });
}
process.exit(0);
