// `npm run bench:browser`: what the page costs the browser, measured in Debian's Chromium
// against the local test relay. Four figures, each printed with its target:
//
//   1. Browser CPU per frame (every Chromium process descended from this one, from /proc) for
//      the built app versus a floor page (tests/bench/floor/) whose worker only opens the same
//      websocket and counts frames. Phase (a) sends a fixed number of frames as fast as the
//      machine allows, nine times per page; phase (b) paces 2,000 frames/s for 60 s, four times
//      per page (once for 10 s with --quick). The pages alternate, every other round in reverse
//      order (`--burst-runs=N`, `--paced-runs=N` for more). Runs of one page differ by up to a
//      quarter on this VM, so only medians of many runs give a ratio to compare with a 10%
//      target, and each ratio is printed with a 90% bootstrap interval over its rounds
//      (ratio-interval.ts): a ratio whose interval spans the target is not resolved by the run.
//      Each run has a fresh browser; only the interval from the first frame sent to the page
//      showing the last one is measured, and then both pages' garbage collected (see
//      RECLAIM_SETTLE_MS; `--no-reclaim` leaves that out). A burst saturates the machine, and
//      Chromium then keeps about one and a half cores busy whichever page it runs, so a burst's
//      CPU per frame is its share of the cores over its frames per second: the summary prints
//      both, and their ratios, beside the burst's CPU ratio (tests/bench/README.md).
//   2. The page's long tasks ('longtask' entries) while frames flow.
//   3. The time of one treemap update with 150 languages ('treemap-update' measures, written
//      by src/ui/treemap.svelte), from a generated stream with 150 distinct tags, measured
//      after the stream's first 5 s (code still warming up), which are printed apart.
//   4. The JS heap of the page and of the worker, after a forced GC, before and after (b).
//
// `--profile` instead runs phase (a) (phase (b) with `--paced`, for `--seconds=N`) for the floor,
// ours, and ours with parts of its drawing switched off by CSS, and prints where the CPU goes
// by process and renderer thread, over `--runs=N` runs a page (2 by default);
// `--page=floor --page=ours` picks pages by name, `--no-treemap`
// skips its treemap comparison, and `--warm=N` measures the burst after N unmeasured frames.
// `--worker-profile=DIR` (any mode) also records the worker's JavaScript over each measured
// interval, sampled every 100 µs, into DIR as `<page>-<n>.cpuprofile` for DevTools, and prints
// its busy and collector time. `--treemap` runs only phase (c), three times. `--calibrate` runs
// only phase (a), for the floor against a second copy of itself (`--burst-runs=N`): what the
// bench's noise alone makes of two identical pages. Any mode takes
// `--chromium-arg=ARG` (repeatable), passed to every Chromium it starts, and
// `--chromium-log=FILE` for what Chromium prints: e.g.
// `stdbuf -oL npm run bench:browser -- --profile --chromium-arg=--js-flags=--trace-opt
// --chromium-log=/tmp/v8.log` to see what V8 compiles, and when.
//
// The frames come from frame-feed.ts and the CPU figures from process-cpu.ts; this file opens
// the pages, runs the phases and prints the figures.
//
// Chromium is driven over a bare DevTools pipe (cdp-browser.ts), not Playwright: Playwright's
// Network domain copies every websocket frame into the DevTools protocol, which would cost more
// than the floor page itself. Frames are the real 150-frame capture repeated with fresh
// increasing seqs. Its seqs are above 2^32, where DAG-CBOR always spends eight bytes on an
// integer, so a copy gets its new seq written in place (as in soak.ts) and stays canonical.
//
// Not part of `npm test`: wall-clock figures belong here, never in the unit suite.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DIST_DIR } from '../support/app-page.ts';
import { CAPTURE_FIRST_SEQ, readCapture } from '../support/frame-codec.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { CdpBrowser, type CdpPage, type CdpSession } from './cdp-browser.ts';
import { countOption, optionValue, optionValues } from './cli-options.ts';
import {
  appendAll,
  feedPaced,
  FrameSource,
  seqOf,
  treemapPool,
  TREEMAP_TAGS,
  waitConnected,
} from './frame-feed.ts';
import { median } from './median.ts';
import {
  CLOCK_TICKS,
  cpuBetween,
  ROLES,
  sampleCpu,
  totalOf,
  type CpuSample,
  type ProcessRole,
} from './process-cpu.ts';
import { ratioInterval, type Interval } from './ratio-interval.ts';

const QUICK = process.argv.includes('--quick');
/** Phase (a): frames sent as fast as the relay, the network and the page allow. */
const BURST_FRAMES = 40_000;
/**
 * Phase (a) runs per page, alternating ours and the floor; medians are reported.
 * `--burst-runs=N` asks for more, to narrow the ratio's interval.
 */
const BURST_RUNS = countOption('burst-runs') ?? (QUICK ? 3 : 9);
/** Phase (b): a steady stream, about the production firehose's rate. */
const PACED_RATE = 2_000;
/** Phase (b) runs per page, alternating ours and the floor; medians are reported (`--paced-runs=N`). */
const PACED_RUNS = countOption('paced-runs') ?? (QUICK ? 1 : 4);
/** `--seconds=N` sets phase (b)'s length, e.g. for quicker profiles. */
const PACED_SECONDS = countOption('seconds') ?? (QUICK ? 10 : 60);
/** The treemap stream: enough posts per snapshot that every update changes the layout. */
const TREEMAP_LANGUAGES = TREEMAP_TAGS.length;
const TREEMAP_RATE = 500;
/**
 * The stream's first seconds, before its measured ones: the page's first updates with 150
 * tiles run code V8 has not optimised yet, and reshape the layout from one post per tag to the
 * stream's mix. A page on the live network reaches 150 languages only after many updates, its
 * code long warm, so these are printed apart (tests/bench/README.md, 2026-12-07).
 */
const TREEMAP_WARMUP_SECONDS = 5;
const TREEMAP_SECONDS = 20;
const TREEMAP_POOL = 3_000;

/** After the page connects: let its start-up work finish before the measured interval. */
const SETTLE_MS = 1_000;
/**
 * After the last frame, both pages' heaps are collected and this long is left for the
 * collector's helpers, all inside the measured interval: a frame costs the browser until its
 * memory is given back. The floor's worker makes almost no garbage of its own, so nothing
 * collects the buffers of the frames it received while they flow: at the end of a burst its
 * renderer held about 385 MB against our page's 200, and collecting them took its worker
 * 60-80 ms, ours 10-30 (bench notes, 2026-12-08). `--no-reclaim` measures up to the last frame
 * only, as every run before that date did.
 */
const RECLAIM_SETTLE_MS = 300;
const RECLAIM = !process.argv.includes('--no-reclaim');
const DONE_TIMEOUT_MS = 180_000;

const TARGET_CPU_RATIO = 1.1;
/** The bootstrap interval printed beside each CPU ratio. */
const INTERVAL_LEVEL = 0.9;
const TARGET_LONG_TASK_MS = 50;
const TARGET_TREEMAP_P95_MS = 8;
/** Heap growth this small is GC noise, not a leak. */
const HEAP_NOISE_MB = 0.1;

const FLOOR_DIR = fileURLToPath(new URL('./floor/', import.meta.url));
const STATUS = '[aria-label="Connection status"]';

type PageKind = 'ours' | 'floor';

/** A page to measure: which one, and for --profile, CSS that switches part of ours off. */
interface PageSpec {
  name: string;
  kind: PageKind;
  css?: string;
}

const OURS: PageSpec = { name: 'ours', kind: 'ours' };
const FLOOR: PageSpec = { name: 'floor', kind: 'floor' };
/** --calibrate: the floor again, under another name. */
const FLOOR_TWIN: PageSpec = { name: 'twin', kind: 'floor' };

/** --profile: phase (a) for ours with one part of its drawing off at a time, and the floor. */
const NOT_ANIMATED: PageSpec = {
  name: 'ours, tiles not animated',
  kind: 'ours',
  css: '.tile { transition: none !important }',
};
const PROFILE_PAGES: readonly PageSpec[] = [
  FLOOR,
  OURS,
  NOT_ANIMATED,
  { name: 'ours, status hidden', kind: 'ours', css: '.status-bar { display: none !important }' },
  { name: 'ours, treemap hidden', kind: 'ours', css: '.treemap { display: none !important }' },
  { name: 'ours, nothing drawn', kind: 'ours', css: 'main { display: none !important }' },
];
const PROFILE = process.argv.includes('--profile');
const PROFILE_RUNS = countOption('runs') ?? 2;

const LAUNCH = {
  extraArgs: optionValues('chromium-arg'),
  logFile: optionValue('chromium-log'),
};

// ---------------------------------------------------------------------------------------------
// Pages

/**
 * A frame that took over 50 ms ('long-animation-frame'), ms: what says whether a long task was
 * the page's own script or the browser drawing it.
 */
type LongFrame = [
  start: number,
  duration: number,
  scripts: number,
  rendering: number,
  /**
   * The frame's longest script: what ran it (e.g. 'Worker.onmessage'), its ms, and the ms of
   * style and layout it forced.
   */
  longest: [invoker: string, duration: number, forcedStyleAndLayout: number] | null,
];

interface Probe {
  longTasks: [start: number, duration: number][];
  longFrames: LongFrame[];
  treemap: [start: number, duration: number][];
  errors: string[];
}

/**
 * Runs before any page script (DevTools injects it, so the page's CSP does not apply): long
 * tasks and frames, the treemap's measures and uncaught errors, kept for the bench to read.
 * Plain JS text, so no compiler helper can sneak into it. A frame's rendering runs from its
 * renderStart (animation callbacks, then style, layout and paint) to its end.
 */
const PROBE = `(() => {
  const probe = { longTasks: [], longFrames: [], treemap: [], errors: [] };
  window.__probe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) {
      const scripts = frame.scripts.reduce((sum, script) => sum + script.duration, 0);
      const end = frame.startTime + frame.duration;
      const rendering = frame.renderStart > 0 ? end - frame.renderStart : 0;
      const top = frame.scripts.reduce((a, b) => (b.duration > a.duration ? b : a), frame.scripts[0]);
      const longest = top === undefined ? null : [top.invoker, top.duration, top.forcedStyleAndLayoutDuration];
      probe.longFrames.push([frame.startTime, frame.duration, scripts, rendering, longest]);
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'treemap-update') probe.treemap.push([entry.startTime, entry.duration]);
    }
  }).observe({ type: 'measure', buffered: true });
  addEventListener('error', (event) => probe.errors.push(String(event.message)));
  addEventListener('unhandledrejection', (event) => probe.errors.push(String(event.reason)));
})()`;

const readProbe = (page: CdpPage): Promise<Probe> => page.evaluate<Probe>('window.__probe');
const pageNow = (page: CdpPage): Promise<number> => page.evaluate<number>('performance.now()');

interface OpenPage {
  browser: CdpBrowser;
  page: CdpPage;
}

/** A fresh browser with one page, connected to the relay and settled. */
async function openPage(spec: PageSpec, relay: TestRelay): Promise<OpenPage> {
  const browser = await CdpBrowser.launch(LAUNCH);
  try {
    const page = await browser.newPage();
    await page.addInitScript(PROBE);
    if (spec.css !== undefined) await page.addStyleSheet(spec.css);
    await page.goto(`${servers[spec.kind].url}?relay=${encodeURIComponent(relay.url)}`);
    await waitConnected(relay, `${spec.name} page`);
    await sleep(SETTLE_MS);
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Waits until the page shows that it has every frame: the app by seq, the floor by count. */
async function waitDelivered(
  kind: PageKind,
  page: CdpPage,
  lastSeq: number,
  frames: number,
): Promise<void> {
  const shown =
    kind === 'ours'
      ? `Number(document.querySelector('${STATUS}')?.getAttribute('data-last-seq') || -1) >= ${lastSeq}`
      : `Number(document.getElementById('frames')?.dataset.frames ?? -1) >= ${frames}`;
  await page.waitFor(shown, DONE_TIMEOUT_MS);
}

/** Page errors, and for our page anything the status bar counts that a clean run never has. */
async function problemsOf(kind: PageKind, page: CdpPage, probe: Probe): Promise<string[]> {
  const problems = [...probe.errors];
  if (kind === 'ours') {
    const status = await page.evaluate<Record<string, string>>(
      `({ ...document.querySelector('${STATUS}').dataset })`,
    );
    for (const field of ['reconnects', 'workerRestarts', 'duplicates', 'undecodable']) {
      if (status[field] !== '0') problems.push(`${field} = ${status[field]}`);
    }
  }
  return problems;
}

/** The JS heap of a page or worker after a full GC, in MB. */
async function heapMb(session: CdpSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send<{ usedSize: number }>('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

async function heapsMb(page: CdpPage): Promise<[number, number]> {
  return [await heapMb(page), await page.withWorker(heapMb)];
}

/** Collects the page's and its worker's garbage, then waits for the collector's helpers. */
async function reclaim(page: CdpPage): Promise<void> {
  await page.send('HeapProfiler.collectGarbage');
  await page.withWorker((worker) => worker.send('HeapProfiler.collectGarbage'));
  await sleep(RECLAIM_SETTLE_MS);
}

// ---------------------------------------------------------------------------------------------
// Runs

interface FlowRun {
  name: string;
  kind: PageKind;
  frames: number;
  wallSeconds: number;
  cpu: Record<ProcessRole, number>;
  cpuSeconds: number;
  /** The part of cpuSeconds spent collecting after the last frame (RECLAIM_SETTLE_MS). */
  reclaimSeconds: number;
  /** Cores kept busy by other processes on the machine meanwhile, on average. */
  otherCores: number;
  /** Cores the hypervisor took from this VM meanwhile (steal), on average. */
  stealCores: number;
  /** Long tasks that started while frames flowed: ms after the flow began, duration ms. */
  longTasks: [at: number, duration: number][];
  /** Long frames likewise, `at` ms after the flow began. */
  longFrames: LongFrame[];
  /** JS heap after a forced GC, MB: before the flow, half way through it, and after it. */
  heap?: { page: [number, number, number]; worker: [number, number, number] };
  /** With --worker-profile: the worker's JavaScript over the flow, and where it was saved. */
  workerProfile?: { file: string; busyMs: number; gcMs: number };
}

// An empty `--worker-profile=` records nothing.
const WORKER_PROFILE_DIR = optionValue('worker-profile') || undefined;
const workerProfileCount = new Map<string, number>();

/** The parts of a V8 CPU profile (DevTools protocol `Profiler.Profile`) that are read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Starts V8's sampling profiler in the page's worker; the function returned stops it and gives
 * the profile. The worker's session stays attached in between.
 */
async function startWorkerProfile(page: CdpPage): Promise<() => Promise<CpuProfile>> {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const profile = page.withWorker(async (session) => {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 100 });
    await session.send('Profiler.start');
    started();
    await stopped;
    return (await session.send<{ profile: CpuProfile }>('Profiler.stop')).profile;
  });
  await Promise.race([running, profile]);
  return () => {
    stop();
    return profile;
  };
}

/** Saves a worker profile as the next `<page>-<n>.cpuprofile` and sums its busy time. */
function saveWorkerProfile(name: string, profile: CpuProfile): FlowRun['workerProfile'] {
  const dir = WORKER_PROFILE_DIR!;
  const count = (workerProfileCount.get(name) ?? 0) + 1;
  workerProfileCount.set(name, count);
  const file = join(dir, `${name.replace(/\W+/g, '-')}-${count}.cpuprofile`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(profile));
  const nameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName]));
  let busyUs = 0;
  let gcUs = 0;
  // A sample's time is the delta that follows it, as DevTools counts it.
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const name = nameOf.get(id);
    if (name !== '(idle)') busyUs += us;
    if (name === '(garbage collector)') gcUs += us;
  });
  return { file, busyMs: busyUs / 1000, gcMs: gcUs / 1000 };
}

type Stream =
  /** `warm`: sent first and waited for, outside the measured interval (--profile --warm=N). */
  | { frames: readonly Uint8Array[]; warm?: readonly Uint8Array[] }
  | { paced: FrameSource; rate: number; seconds: number };

/** Phase (b)'s stream: the capture with fresh seqs, PACED_RATE frames/s for PACED_SECONDS. */
function pacedStream(capture: readonly Uint8Array[]): Stream {
  return {
    paced: new FrameSource(capture, CAPTURE_FIRST_SEQ),
    rate: PACED_RATE,
    seconds: PACED_SECONDS,
  };
}

/** One page, one stream: fixed frames at once (a), or a paced feed (b) when `paced` is set. */
async function flowRun(spec: PageSpec, stream: Stream, withHeap = false): Promise<FlowRun> {
  const { kind } = spec;
  const relay = await startTestRelay({ frames: [], holdOpen: true });
  const { browser, page } = await openPage(spec, relay).catch(async (error: unknown) => {
    await relay.close();
    throw error;
  });
  try {
    const heapBefore = withHeap ? await heapsMb(page) : undefined;
    let heapMidway: [number, number] | undefined;
    // The page's clock, and this process's at the same moment, to place long tasks in the flow.
    const pageStart = await pageNow(page);
    const nodeStart = performance.now();
    let frames: number;
    let lastSeq: number;
    let cpuBefore: CpuSample;
    let wallStart: number;
    /** Frames the page has had before the measured ones (the floor counts them too). */
    let before = 0;
    let stopWorkerProfile: (() => Promise<CpuProfile>) | undefined;
    if ('frames' in stream) {
      if (stream.warm !== undefined && stream.warm.length > 0) {
        appendAll(relay, stream.warm);
        before = stream.warm.length;
        await waitDelivered(kind, page, seqOf(stream.warm[before - 1]!), before);
        await sleep(SETTLE_MS);
      }
      stopWorkerProfile = WORKER_PROFILE_DIR ? await startWorkerProfile(page) : undefined;
      appendAll(relay, stream.frames);
      // Sampled before yielding: the relay starts sending on a later turn of the event loop.
      cpuBefore = sampleCpu();
      wallStart = performance.now();
      frames = stream.frames.length;
      lastSeq = seqOf(stream.frames[stream.frames.length - 1]!);
    } else {
      stopWorkerProfile = WORKER_PROFILE_DIR ? await startWorkerProfile(page) : undefined;
      cpuBefore = sampleCpu();
      wallStart = performance.now();
      // Half way, the heaps again: two forced GCs, a few ms of the measured minute.
      const midway = async (): Promise<void> => {
        heapMidway = await heapsMb(page);
      };
      frames = await feedPaced(
        relay,
        stream.paced,
        stream.rate,
        stream.seconds,
        withHeap ? midway : undefined,
      );
      lastSeq = stream.paced.lastSeq;
    }
    await waitDelivered(kind, page, lastSeq, before + frames);
    const cpuDelivered = sampleCpu();
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const endedAt = await pageNow(page);
    if (RECLAIM) await reclaim(page);
    const cpuAfter = sampleCpu();
    const windowSeconds = (performance.now() - wallStart) / 1000;
    // Stopped after the flow's clocks are read: the profile's transfer is not the page's time.
    const workerProfile = stopWorkerProfile && (await stopWorkerProfile());
    const flowStartedAt = pageStart + (wallStart - nodeStart);
    const probe = await readProbe(page);
    const problems = await problemsOf(kind, page, probe);
    if (problems.length > 0) throw new Error(`${spec.name} page: ${problems.join('; ')}`);
    const { byRole: cpu, others, steal } = cpuBetween(cpuBefore, cpuAfter);
    const run: FlowRun = {
      name: spec.name,
      kind,
      frames,
      wallSeconds,
      cpu,
      cpuSeconds: totalOf(cpu),
      reclaimSeconds: totalOf(cpuBetween(cpuDelivered, cpuAfter).byRole),
      otherCores: others / windowSeconds,
      stealCores: steal / windowSeconds,
      longTasks: probe.longTasks
        .filter(([start]) => start >= pageStart && start <= endedAt)
        .map(([start, duration]) => [start - flowStartedAt, duration]),
      longFrames: probe.longFrames
        .filter(([start]) => start >= pageStart && start <= endedAt)
        .map(([start, ...rest]) => [start - flowStartedAt, ...rest]),
    };
    if (workerProfile) run.workerProfile = saveWorkerProfile(spec.name, workerProfile);
    if (heapBefore !== undefined && heapMidway !== undefined) {
      const heapAfter = await heapsMb(page);
      run.heap = {
        page: [heapBefore[0], heapMidway[0], heapAfter[0]],
        worker: [heapBefore[1], heapMidway[1], heapAfter[1]],
      };
    }
    return run;
  } finally {
    await browser.close();
    await relay.close();
  }
}

/**
 * `rounds` rounds of one run per page, in order, each logged as it ends: alternating pages
 * spreads the machine's slow spells over all of them. `withHeap` picks the runs that also read
 * the heaps.
 */
async function alternate(
  pages: readonly PageSpec[],
  rounds: number,
  stream: () => Stream,
  withHeap: (spec: PageSpec, round: number) => boolean = () => false,
): Promise<FlowRun[]> {
  const runs: FlowRun[] = [];
  for (let round = 0; round < rounds; round++) {
    // Every other round in reverse (ours, floor, floor, ours, ...): a machine that slows down or
    // speeds up over the minutes of a phase then weighs on both pages alike.
    for (const spec of round % 2 === 0 ? pages : [...pages].reverse()) {
      const run = await flowRun(spec, stream(), withHeap(spec, round));
      runs.push(run);
      logRun(run, `${spec.name.padEnd(5)} run ${round + 1}`);
    }
  }
  return runs;
}

/** Durations of the entries that started within [from, to]. */
function during(entries: readonly [number, number][], from: number, to: number): number[] {
  return entries.filter(([start]) => start >= from && start <= to).map(([, duration]) => duration);
}

type MainThreadMetric =
  'TaskDuration' | 'ScriptDuration' | 'RecalcStyleDuration' | 'LayoutDuration';
const MAIN_THREAD_METRICS: readonly MainThreadMetric[] = [
  'TaskDuration',
  'ScriptDuration',
  'RecalcStyleDuration',
  'LayoutDuration',
];

interface TreemapRun {
  /** Update durations, ms, in the measured seconds. */
  updates: number[];
  /** Update durations, ms, in the stream's first TREEMAP_WARMUP_SECONDS. */
  warmup: number[];
  tiles: number;
  /** Long tasks from the stream's start, warm-up included. */
  longTasks: number[];
  /** Main-thread ms per update from CDP Performance metrics, layout and paint included. */
  perUpdate: Record<MainThreadMetric, number>;
}

async function treemapRun(spec: PageSpec = OURS): Promise<TreemapRun> {
  const source = new FrameSource(treemapPool(TREEMAP_POOL), 2 ** 32);
  const relay = await startTestRelay({ frames: [], holdOpen: true });
  const { browser, page } = await openPage(spec, relay).catch(async (error: unknown) => {
    await relay.close();
    throw error;
  });
  try {
    // Every tag once, then wait until all 150 tiles are drawn before timing anything.
    relay.appendFrames(source.take(TREEMAP_LANGUAGES));
    await page.waitFor(
      `document.querySelectorAll('.tile[data-key]').length >= ${TREEMAP_LANGUAGES}`,
      30_000,
    );
    await sleep(500);
    const streamStartedAt = await pageNow(page);
    await feedPaced(relay, source, TREEMAP_RATE, TREEMAP_WARMUP_SECONDS);
    await waitDelivered('ours', page, source.lastSeq, 0);
    await page.send('Performance.enable');
    const metricsBefore = await mainThreadMetrics(page);
    const startedAt = await pageNow(page);
    await feedPaced(relay, source, TREEMAP_RATE, TREEMAP_SECONDS);
    await waitDelivered('ours', page, source.lastSeq, 0);
    const metricsAfter = await mainThreadMetrics(page);
    const endedAt = await pageNow(page);
    const probe = await readProbe(page);
    const problems = await problemsOf('ours', page, probe);
    if (problems.length > 0) throw new Error(`treemap page: ${problems.join('; ')}`);
    const updates = during(probe.treemap, startedAt, endedAt);
    const perUpdate = Object.fromEntries(
      MAIN_THREAD_METRICS.map((name) => [
        name,
        ((metricsAfter[name] - metricsBefore[name]) * 1000) / Math.max(1, updates.length),
      ]),
    ) as Record<MainThreadMetric, number>;
    return {
      updates,
      warmup: during(probe.treemap, streamStartedAt, startedAt),
      tiles: await page.evaluate<number>(`document.querySelectorAll('.tile[data-key]').length`),
      longTasks: during(probe.longTasks, streamStartedAt, endedAt),
      perUpdate,
    };
  } finally {
    await browser.close();
    await relay.close();
  }
}

async function mainThreadMetrics(page: CdpPage): Promise<Record<MainThreadMetric, number>> {
  const { metrics } = await page.send<{ metrics: { name: string; value: number }[] }>(
    'Performance.getMetrics',
  );
  return Object.fromEntries(
    MAIN_THREAD_METRICS.map((name) => [name, metrics.find((m) => m.name === name)?.value ?? 0]),
  ) as Record<MainThreadMetric, number>;
}

// ---------------------------------------------------------------------------------------------
// Figures

/** Nearest-rank quantile. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const maxOf = (values: readonly number[]): number => (values.length ? Math.max(...values) : 0);
/** "p50 / p95 / max" of durations, ms. */
const spread = (values: readonly number[]): string =>
  [quantile(values, 0.5), quantile(values, 0.95), maxOf(values)]
    .map((value) => value.toFixed(1))
    .join(' / ');
const usPerFrame = (run: FlowRun): number => (run.cpuSeconds * 1e6) / run.frames;
/** CPU up to the last frame: the run's CPU less the collecting after it. */
const cpuWhileFlowing = (run: FlowRun): number => run.cpuSeconds - run.reclaimSeconds;
/** Up to the last frame only: the measure of every run before the reclaim was counted. */
const usPerFrameDelivering = (run: FlowRun): number => (cpuWhileFlowing(run) * 1e6) / run.frames;
/** Cores busy while frames flowed (the collecting after is not counted against that time). */
const cpuShareOf = (run: FlowRun): number => cpuWhileFlowing(run) / run.wallSeconds;
const reclaimMs = (run: FlowRun): number => run.reclaimSeconds * 1000;
const framesPerSecond = (run: FlowRun): number => run.frames / run.wallSeconds;
const fixed = (value: number, digits = 1): number => Number(value.toFixed(digits));
const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISS');
/** A range of ratios as the tables print it, e.g. "0.98-1.13x". */
const ratioRange = (low: number, high: number): string => `${low.toFixed(2)}-${high.toFixed(2)}x`;

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Median µs of CPU per frame by role, one row per group of runs. */
function breakdown(groups: readonly (readonly [string, readonly FlowRun[]])[]): string {
  const used = ROLES.filter((role) =>
    groups.some(([, runs]) => runs.some((run) => run.cpu[role] > 0)),
  );
  const short = (role: ProcessRole): string =>
    role
      .replace(' thread', '')
      .replace('renderer ', 'r. ')
      .replace(/ (service|process)$/, '');
  const header = ['µs CPU per frame (median)', 'total', ...used.map(short)];
  const rows = groups.map(([label, runs]) => [
    label,
    median(runs.map(usPerFrame)).toFixed(1),
    ...used.map((role) => median(runs.map((run) => (run.cpu[role] * 1e6) / run.frames)).toFixed(1)),
  ]);
  return (
    table([header, ...rows]) +
    '\n(r. = renderer process threads: pool is V8 GC and compile helpers, compositor includes ' +
    'raster; gpu does the display compositing)'
  );
}

/** ours/floor of each round (one run per page, back to back), in round order. */
function roundRatios(
  ours: readonly FlowRun[],
  floor: readonly FlowRun[],
  cost: (run: FlowRun) => number = usPerFrame,
): number[] {
  return ours.map((run, round) => cost(run) / cost(floor[round]!));
}

/** roundRatios as the JSON line prints them. */
const roundRatiosJson = (...args: Parameters<typeof roundRatios>): number[] =>
  roundRatios(...args).map((ratio) => fixed(ratio, 3));
/** Each run's collecting after the last frame, ms, as the JSON line prints it. */
const reclaimMsJson = (runs: readonly FlowRun[]): number[] =>
  runs.map((run) => fixed(reclaimMs(run), 0));

/** ours/floor of the medians, as far as the rounds resolve it (ratio-interval.ts). */
function medianRatioInterval(ours: readonly FlowRun[], floor: readonly FlowRun[]): Interval {
  return ratioInterval(ours.map(usPerFrame), floor.map(usPerFrame), INTERVAL_LEVEL);
}

/** A row of the table: the interval, and which side of the target it lies, if either. */
function intervalRow(phase: string, { low, high }: Interval): string[] {
  const side = high <= TARGET_CPU_RATIO ? 'ok' : low > TARGET_CPU_RATIO ? 'MISS' : 'spans target';
  const range = ratioRange(low, high);
  return [
    `${phase} ours/floor, ${INTERVAL_LEVEL * 100}% bootstrap interval`,
    '',
    '',
    range,
    '',
    side,
  ];
}

/** How far a single pair of runs can be from the ratio of the medians: a row of the table. */
function roundRatioRow(
  phase: string,
  ours: readonly FlowRun[],
  floor: readonly FlowRun[],
): string[] {
  const ratios = roundRatios(ours, floor);
  const range = ratioRange(Math.min(...ratios), Math.max(...ratios));
  return [`${phase} ours/floor within a round, lowest-highest`, '', '', range, '', ''];
}

/** ours/floor of the medians measured up to the last frame only, as before the reclaim step. */
function deliveringRatio(ours: readonly FlowRun[], floor: readonly FlowRun[]): number {
  return median(ours.map(usPerFrameDelivering)) / median(floor.map(usPerFrameDelivering));
}

/** Two rows of the table: the collecting after the last frame, and the cost without it. */
function reclaimRows(
  phase: string,
  ours: readonly FlowRun[],
  floor: readonly FlowRun[],
): string[][] {
  const medianReclaimMs = (runs: readonly FlowRun[]): string =>
    median(runs.map(reclaimMs)).toFixed(0);
  const delivering = (runs: readonly FlowRun[]): string =>
    median(runs.map(usPerFrameDelivering)).toFixed(1);
  return [
    [
      `${phase} of which collecting after the last frame, ms, median`,
      medianReclaimMs(ours),
      medianReclaimMs(floor),
      '',
      '',
      '',
    ],
    [
      `${phase} CPU per frame up to the last frame only, median µs`,
      delivering(ours),
      delivering(floor),
      `${deliveringRatio(ours, floor).toFixed(2)}x`,
      '',
      '',
    ],
  ];
}

/**
 * Flat: no growth in the second half of a long stream beyond GC noise. The first half may grow,
 * as code warms up and the counts gain their keys.
 */
function heapFlat([, midway, after]: readonly number[]): boolean {
  return after! - midway! <= Math.max(HEAP_NOISE_MB, midway! * 0.05);
}

function heapRow(label: string, mb: readonly number[]): string[] {
  return [
    label,
    mb.map((value) => value.toFixed(2)).join(' → '),
    '',
    '',
    'flat 2nd half',
    verdict(heapFlat(mb)),
  ];
}

function logRun(run: FlowRun, label: string): void {
  console.log(
    `    ${label}: ${usPerFrame(run).toFixed(1)} µs CPU/frame, ` +
      `${framesPerSecond(run).toFixed(0)} frames/s, ${run.cpuSeconds.toFixed(2)} s CPU ` +
      `(${(cpuShareOf(run) * 100).toFixed(0)}% of a core while frames flowed; ` +
      `${reclaimMs(run).toFixed(0)} ms collecting after), ` +
      `other processes ${run.otherCores.toFixed(2)} cores, steal ${run.stealCores.toFixed(2)}`,
  );
  const roles = ROLES.filter((role) => run.cpu[role] > 0)
    .map((role) => `${role} ${((run.cpu[role] * 1e6) / run.frames).toFixed(1)}`)
    .join(', ');
  console.log(`      µs/frame by role: ${roles}`);
  if (run.longTasks.length > 0) {
    const tasks = run.longTasks.map(
      ([at, ms]) => `${ms.toFixed(0)} ms at +${(at / 1000).toFixed(1)} s`,
    );
    console.log(`      long tasks: ${tasks.join(', ')}`);
  }
  if (run.longFrames.length > 0) {
    const frames = run.longFrames.map(
      ([at, ms, scripts, rendering, longest]) =>
        `${ms.toFixed(0)} ms at +${(at / 1000).toFixed(1)} s ` +
        `(scripts ${scripts.toFixed(0)} ms, rendering ${rendering.toFixed(0)} ms` +
        (longest === null
          ? ')'
          : `; longest ${longest[0]} ${longest[1].toFixed(0)} ms, ` +
            `${longest[2].toFixed(0)} ms of it forced style and layout)`),
    );
    console.log(`      long frames: ${frames.join(', ')}`);
  }
  if (run.workerProfile) {
    const { file, busyMs, gcMs } = run.workerProfile;
    console.log(
      `      worker JS: ${busyMs.toFixed(0)} ms busy, ${gcMs.toFixed(0)} ms of it collecting (${file})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Main

function machine(): { cores: number; cpuModel: string; load: string } {
  const cpuModel =
    /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  const cores = Number(execFileSync('nproc', { encoding: 'utf8' }));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return { cores, cpuModel, load };
}

function burstFrames(warm = 0): { frames: Uint8Array[]; warm: Uint8Array[] } {
  const source = new FrameSource(readCapture(), CAPTURE_FIRST_SEQ);
  const warmFrames = source.take(warm);
  const frames = source.take(BURST_FRAMES);
  const mb = frames.reduce((sum, frame) => sum + frame.length, 0) / 2 ** 20;
  console.log(
    `(a) ${BURST_FRAMES} frames (${mb.toFixed(0)} MB, the capture re-sequenced), at once` +
      (warm > 0 ? `, after ${warm} unmeasured frames` : ''),
  );
  return { frames, warm: warmFrames };
}

/** --profile: where our extra CPU goes, by switching parts of the page's drawing off. */
async function profile(): Promise<void> {
  // --paced profiles phase (b), where per-second costs (drawing) weigh more than in a burst.
  const paced = process.argv.includes('--paced');
  // --warm=N: the burst after N frames the page has already decoded, to tell the browser's
  // one-time JIT work apart from the cost per frame. V8 was still compiling our page after
  // 20,000 frames and done before 60,000 (bench notes, 2026-12-08).
  const warm = countOption('warm') ?? 0;
  const burst = paced ? { frames: [], warm: [] } : burstFrames(warm);
  if (paced) console.log(`(b) ${PACED_RATE} frames/s for ${PACED_SECONDS} s`);
  // --page=floor --page=ours: only the pages named (all by default).
  const named = optionValues('page');
  const pages =
    named.length > 0 ? PROFILE_PAGES.filter((spec) => named.includes(spec.name)) : PROFILE_PAGES;
  const capture = readCapture();
  const runs = await alternate(pages, PROFILE_RUNS, () => (paced ? pacedStream(capture) : burst));
  console.log('');
  console.log(
    breakdown(pages.map((spec) => [spec.name, runs.filter((run) => run.name === spec.name)])),
  );
  const floor = median(runs.filter((run) => run.name === FLOOR.name).map(usPerFrame));
  const cpu = Object.fromEntries(
    pages.map((spec) => {
      const us = median(runs.filter((run) => run.name === spec.name).map(usPerFrame));
      return [spec.name, { us_per_frame: fixed(us), ratio: fixed(us / floor, 3) }];
    }),
  );

  if (process.argv.includes('--no-treemap')) return;
  console.log('');
  console.log(`(c) treemap stream, with and without the tile transitions`);
  const treemapRows: string[][] = [
    ['page', 'update p50/p95/max ms', 'main thread per update: task/script/style/layout ms'],
  ];
  const treemap: Record<string, unknown> = {};
  for (const spec of [OURS, NOT_ANIMATED]) {
    const run = await treemapRun(spec);
    const [p50, p95, max] = [0.5, 0.95, 1].map((q) => quantile(run.updates, q).toFixed(1));
    treemapRows.push([
      spec.name,
      spread(run.updates),
      MAIN_THREAD_METRICS.map((name) => run.perUpdate[name].toFixed(1)).join(' / '),
    ]);
    treemap[spec.name] = { p50_ms: Number(p50), p95_ms: Number(p95), max_ms: Number(max) };
  }
  console.log(table(treemapRows));
  console.log('');
  console.log(JSON.stringify({ cpu, treemap }));
}

/**
 * --calibrate: phase (a) with the floor against a second copy of itself, to show what the
 * bench's noise alone makes of two identical pages: a ratio and an interval as wide as these
 * put beside ours/floor say how far apart two pages must be before a run can tell them apart.
 */
async function calibrate(): Promise<void> {
  const { frames } = burstFrames();
  const runs = await alternate([FLOOR, FLOOR_TWIN], BURST_RUNS, () => ({ frames }));
  const floor = runs.filter((run) => run.name === FLOOR.name);
  const twin = runs.filter((run) => run.name === FLOOR_TWIN.name);
  const floorUs = median(floor.map(usPerFrame));
  const twinUs = median(twin.map(usPerFrame));
  const ratio = floorUs / twinUs;
  const interval = medianRatioInterval(floor, twin);
  const ratios = roundRatios(floor, twin);
  console.log('');
  console.log(
    table([
      ['figure', 'floor', 'twin', 'floor/twin'],
      [
        `(a) CPU per frame, µs, median of ${BURST_RUNS}`,
        floorUs.toFixed(1),
        twinUs.toFixed(1),
        `${ratio.toFixed(2)}x`,
      ],
      [
        `(a) ${INTERVAL_LEVEL * 100}% bootstrap interval`,
        '',
        '',
        ratioRange(interval.low, interval.high),
      ],
      [
        '(a) within a round, lowest-highest',
        '',
        '',
        ratioRange(Math.min(...ratios), Math.max(...ratios)),
      ],
    ]),
  );
  console.log('');
  console.log(
    JSON.stringify({
      burst_runs: BURST_RUNS,
      floor_us_per_frame: fixed(floorUs),
      twin_us_per_frame: fixed(twinUs),
      ratio: fixed(ratio, 3),
      ratio_interval: [fixed(interval.low, 3), fixed(interval.high, 3)],
    }),
  );
}

/** --treemap: phase (c) alone, three times, for work on the drawing. */
async function treemapOnly(): Promise<void> {
  const rows = [
    [
      'run',
      'update p50/p95/max ms',
      `first ${TREEMAP_WARMUP_SECONDS} s: p50/p95/max ms`,
      'long tasks: count, max ms',
    ],
  ];
  for (let round = 1; round <= 3; round++) {
    const run = await treemapRun();
    const longTasks = `${run.longTasks.length}, ${maxOf(run.longTasks).toFixed(0)}`;
    rows.push([String(round), spread(run.updates), spread(run.warmup), longTasks]);
  }
  console.log(table(rows));
}

async function main(): Promise<void> {
  const { cores, cpuModel, load } = machine();
  console.log(`browser bench: ${cores} cores, ${cpuModel}, CLK_TCK ${CLOCK_TICKS}, load ${load}`);
  // Each browser of the run appends to the log, so a run empties it first: a second run into
  // the same file would otherwise count every trace twice.
  if (LAUNCH.logFile !== undefined) writeFileSync(LAUNCH.logFile, '');
  if (PROFILE) return profile();
  if (process.argv.includes('--treemap')) return treemapOnly();
  if (process.argv.includes('--calibrate')) return calibrate();

  const { frames } = burstFrames();
  const burst = await alternate([OURS, FLOOR], BURST_RUNS, () => ({ frames }));

  console.log(
    `(b) ${PACED_RATE} frames/s for ${PACED_SECONDS} s, ${PACED_RUNS} run(s) per page, alternating`,
  );
  const capture = readCapture();
  // The heaps are read in our first run only: the forced GCs cost a few ms of it.
  const paced = await alternate(
    [OURS, FLOOR],
    PACED_RUNS,
    () => pacedStream(capture),
    (spec, round) => spec === OURS && round === 0,
  );
  const pacedOursRuns = paced.filter((run) => run.kind === 'ours');
  const pacedFloorRuns = paced.filter((run) => run.kind === 'floor');

  console.log(
    `(c) treemap: ${TREEMAP_LANGUAGES} languages, ${TREEMAP_RATE} posts/s for ` +
      `${TREEMAP_WARMUP_SECONDS} + ${TREEMAP_SECONDS} s, the first ${TREEMAP_WARMUP_SECONDS} apart`,
  );
  const treemap = await treemapRun();

  const oursBurst = burst.filter((run) => run.kind === 'ours');
  const floorBurst = burst.filter((run) => run.kind === 'floor');
  const burstOurs = median(oursBurst.map(usPerFrame));
  const burstFloor = median(floorBurst.map(usPerFrame));
  const burstRatio = burstOurs / burstFloor;
  const pacedOurs = median(pacedOursRuns.map(usPerFrame));
  const pacedFloor = median(pacedFloorRuns.map(usPerFrame));
  const pacedRatio = pacedOurs / pacedFloor;
  const burstInterval = medianRatioInterval(oursBurst, floorBurst);
  const burstFpsOurs = median(oursBurst.map(framesPerSecond));
  const burstFpsFloor = median(floorBurst.map(framesPerSecond));
  const pacedInterval = medianRatioInterval(pacedOursRuns, pacedFloorRuns);
  const durations = (runs: FlowRun[]): number[] =>
    runs.flatMap((run) => run.longTasks.map(([, duration]) => duration));
  const oursLongTasks = durations([...oursBurst, ...pacedOursRuns]);
  const floorLongTasks = durations([...floorBurst, ...pacedFloorRuns]);
  const p50 = quantile(treemap.updates, 0.5);
  const p95 = quantile(treemap.updates, 0.95);
  const max = maxOf(treemap.updates);
  const heap = pacedOursRuns[0]!.heap!;
  const flows = [...burst, ...paced];
  const otherCores = maxOf(flows.map((run) => run.otherCores));
  const stealCores = maxOf(flows.map((run) => run.stealCores));
  /** Percent of one core, over the run's wall time: about 145 in every burst, either page. */
  const cpuShare = (runs: FlowRun[]): number => median(runs.map(cpuShareOf)) * 100;
  const burstShareOurs = cpuShare(oursBurst);
  const burstShareFloor = cpuShare(floorBurst);

  console.log('');
  console.log(
    table([
      ['figure', 'ours', 'floor', 'ours/floor', 'target', ''],
      [
        `(a) CPU per frame, µs, median of ${BURST_RUNS}`,
        burstOurs.toFixed(1),
        burstFloor.toFixed(1),
        `${burstRatio.toFixed(2)}x`,
        `≤ ${TARGET_CPU_RATIO.toFixed(2)}x`,
        verdict(burstRatio <= TARGET_CPU_RATIO),
      ],
      intervalRow('(a)', burstInterval),
      roundRatioRow('(a)', oursBurst, floorBurst),
      ...reclaimRows('(a)', oursBurst, floorBurst),
      [
        '(a) frames/s, median',
        burstFpsOurs.toFixed(0),
        burstFpsFloor.toFixed(0),
        `${(burstFpsOurs / burstFpsFloor).toFixed(2)}x`,
        '',
        '',
      ],
      [
        '(a) browser CPU, % of one core, median',
        burstShareOurs.toFixed(1),
        burstShareFloor.toFixed(1),
        `${(burstShareOurs / burstShareFloor).toFixed(2)}x`,
        '',
        '',
      ],
      [
        `(b) CPU per frame, µs, ${PACED_RATE}/s for ${PACED_SECONDS} s, median of ${PACED_RUNS}`,
        pacedOurs.toFixed(1),
        pacedFloor.toFixed(1),
        `${pacedRatio.toFixed(2)}x`,
        `≤ ${TARGET_CPU_RATIO.toFixed(2)}x`,
        verdict(pacedRatio <= TARGET_CPU_RATIO),
      ],
      intervalRow('(b)', pacedInterval),
      roundRatioRow('(b)', pacedOursRuns, pacedFloorRuns),
      ...reclaimRows('(b)', pacedOursRuns, pacedFloorRuns),
      [
        '(b) browser CPU, % of one core, median',
        cpuShare(pacedOursRuns).toFixed(1),
        cpuShare(pacedFloorRuns).toFixed(1),
        '',
        '',
        '',
      ],
      [
        'long tasks while streaming (a)+(b): count, max ms',
        `${oursLongTasks.length}, ${maxOf(oursLongTasks).toFixed(0)}`,
        `${floorLongTasks.length}, ${maxOf(floorLongTasks).toFixed(0)}`,
        '',
        `none > ${TARGET_LONG_TASK_MS} ms`,
        verdict(oursLongTasks.length === 0),
      ],
      [
        'long tasks, treemap stream (c): count, max ms',
        `${treemap.longTasks.length}, ${maxOf(treemap.longTasks).toFixed(0)}`,
        '',
        '',
        `none > ${TARGET_LONG_TASK_MS} ms`,
        verdict(treemap.longTasks.length === 0),
      ],
      [
        `(c) treemap update, ${treemap.tiles} tiles, n=${treemap.updates.length}: p50/p95/max ms`,
        spread(treemap.updates),
        '',
        '',
        `p95 < ${TARGET_TREEMAP_P95_MS} ms`,
        verdict(p95 < TARGET_TREEMAP_P95_MS),
      ],
      [
        `(c) the stream's first ${TREEMAP_WARMUP_SECONDS} s, n=${treemap.warmup.length}: p50/p95/max ms`,
        spread(treemap.warmup),
        '',
        '',
        '',
        '',
      ],
      [
        '(c) main thread per update: task/script/style/layout ms',
        MAIN_THREAD_METRICS.map((name) => treemap.perUpdate[name].toFixed(1)).join(' / '),
        '',
        '',
        '',
        '',
      ],
      heapRow('page JS heap, MB: before → half way → after (b)', heap.page),
      heapRow('worker JS heap, MB: before → half way → after (b)', heap.worker),
    ]),
  );
  console.log('');
  console.log(
    breakdown([
      ['(a) ours', oursBurst],
      ['(a) floor', floorBurst],
      ['(b) ours', pacedOursRuns],
      ['(b) floor', pacedFloorRuns],
    ]),
  );
  if (otherCores > 0.25 || stealCores > 0.25) {
    console.log(
      `\nnote: other processes kept up to ${otherCores.toFixed(2)} cores busy during a run, ` +
        `and the host took up to ${stealCores.toFixed(2)} (steal); ` +
        'CPU figures are noisier than on an idle machine',
    );
  }
  console.log('');
  console.log(
    JSON.stringify({
      cores,
      cpu: cpuModel,
      quick: QUICK,
      burst_frames: BURST_FRAMES,
      burst_runs: BURST_RUNS,
      burst_us_per_frame_ours: fixed(burstOurs),
      burst_us_per_frame_floor: fixed(burstFloor),
      burst_ratio: fixed(burstRatio, 3),
      burst_ratio_interval: [fixed(burstInterval.low, 3), fixed(burstInterval.high, 3)],
      reclaim: RECLAIM,
      burst_reclaim_ms_ours: reclaimMsJson(oursBurst),
      burst_reclaim_ms_floor: reclaimMsJson(floorBurst),
      burst_ratio_delivering: fixed(deliveringRatio(oursBurst, floorBurst), 3),
      burst_round_ratios_delivering: roundRatiosJson(oursBurst, floorBurst, usPerFrameDelivering),
      burst_runs_us_per_frame_ours: oursBurst.map((run) => fixed(usPerFrame(run))),
      burst_runs_us_per_frame_floor: floorBurst.map((run) => fixed(usPerFrame(run))),
      burst_frames_per_second_ours: fixed(burstFpsOurs, 0),
      burst_frames_per_second_floor: fixed(burstFpsFloor, 0),
      burst_cpu_share_ours: fixed(burstShareOurs),
      burst_cpu_share_floor: fixed(burstShareFloor),
      paced_rate: PACED_RATE,
      paced_seconds: PACED_SECONDS,
      paced_runs: PACED_RUNS,
      paced_runs_us_per_frame_ours: pacedOursRuns.map((run) => fixed(usPerFrame(run))),
      paced_runs_us_per_frame_floor: pacedFloorRuns.map((run) => fixed(usPerFrame(run))),
      paced_us_per_frame_ours: fixed(pacedOurs),
      paced_us_per_frame_floor: fixed(pacedFloor),
      paced_ratio: fixed(pacedRatio, 3),
      paced_ratio_interval: [fixed(pacedInterval.low, 3), fixed(pacedInterval.high, 3)],
      paced_reclaim_ms_ours: reclaimMsJson(pacedOursRuns),
      paced_reclaim_ms_floor: reclaimMsJson(pacedFloorRuns),
      paced_ratio_delivering: fixed(deliveringRatio(pacedOursRuns, pacedFloorRuns), 3),
      paced_round_ratios_delivering: roundRatiosJson(
        pacedOursRuns,
        pacedFloorRuns,
        usPerFrameDelivering,
      ),
      burst_round_ratios: roundRatiosJson(oursBurst, floorBurst),
      paced_round_ratios: roundRatiosJson(pacedOursRuns, pacedFloorRuns),
      long_tasks_streaming: oursLongTasks.length,
      long_task_max_ms_streaming: fixed(maxOf(oursLongTasks)),
      long_tasks_treemap: treemap.longTasks.length,
      long_task_max_ms_treemap: fixed(maxOf(treemap.longTasks)),
      treemap_tiles: treemap.tiles,
      treemap_updates: treemap.updates.length,
      treemap_p50_ms: fixed(p50, 2),
      treemap_p95_ms: fixed(p95, 2),
      treemap_max_ms: fixed(max, 2),
      treemap_warmup_seconds: TREEMAP_WARMUP_SECONDS,
      treemap_warmup_updates: treemap.warmup.length,
      treemap_warmup_p95_ms: fixed(quantile(treemap.warmup, 0.95), 2),
      treemap_warmup_max_ms: fixed(maxOf(treemap.warmup), 2),
      page_heap_mb: heap.page.map((mb) => fixed(mb, 3)),
      worker_heap_mb: heap.worker.map((mb) => fixed(mb, 3)),
      heap_flat: heapFlat(heap.page) && heapFlat(heap.worker),
      other_processes_max_cores: fixed(otherCores, 2),
      steal_max_cores: fixed(stealCores, 2),
    }),
  );
}

// Ctrl-C: exit normally, so the browsers' profiles are removed (the browsers themselves exit
// when their DevTools pipe closes).
process.once('SIGINT', () => process.exit(130));

const servers: Record<PageKind, StaticServer> = {
  ours: await serveStatic(DIST_DIR),
  floor: await serveStatic(FLOOR_DIR, '/bench/floor/'),
};
try {
  await main();
} finally {
  await Promise.all([servers.ours.close(), servers.floor.close()]);
}
