// Debian's Chromium driven over a bare DevTools pipe, for browser-bench.ts.
//
// Why not Playwright: it enables the Network domain on every page and worker it attaches to,
// so Chromium copies each websocket frame, base64-encoded, into a Network.webSocketFrameReceived
// event for the driver. With the firehose that costs more than everything else: measured on the
// floor page, about 440 µs of browser CPU per 5 KB frame under Playwright against 180 µs here,
// where no DevTools domain is enabled that the bench does not use.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../support/browser.ts';

/** tests/support/browser.ts's flags, plus what Playwright adds to keep a page unthrottled. */
const FLAGS = [
  '--headless',
  ...CHROMIUM_FLAGS,
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-breakpad',
  '--disable-extensions',
  '--disable-default-apps',
  '--no-default-browser-check',
  '--mute-audio',
  '--hide-scrollbars',
  '--window-size=1280,720',
  '--remote-debugging-pipe',
];

type Params = Record<string, unknown>;

type EventHandler = (params: Params, sessionId: string | undefined) => void;

/** Browsers still open: on exit, even an interrupted one, each is killed and its profile removed. */
const openBrowsers = new Map<ChildProcess, string>();
process.once('exit', () => {
  for (const [child, profile] of openBrowsers) {
    killGroup(child);
    rmSync(profile, { recursive: true, force: true });
  }
});

/** Chromium runs in its own process group, so this ends its renderers and helpers too. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface Reply {
  id?: number;
  method?: string;
  params?: Params;
  result?: unknown;
  error?: { message: string };
  sessionId?: string;
}

export class CdpBrowser {
  readonly #child: ChildProcess;
  readonly #profile: string;
  readonly #input: Writable;
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly #handlers = new Map<string, Set<EventHandler>>();
  #nextId = 0;
  #exited: Promise<void>;

  private constructor(child: ChildProcess, profile: string) {
    this.#child = child;
    this.#profile = profile;
    this.#input = child.stdio[3] as Writable;
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        // A browser that dies fails what waits on it, rather than hanging the bench.
        for (const { reject } of this.#pending.values()) {
          reject(new Error(`chromium exited (${signal ?? code})`));
        }
        this.#pending.clear();
        resolve();
      }),
    );
    let buffered = '';
    (child.stdio[4] as Readable).on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let end: number;
      while ((end = buffered.indexOf('\0')) >= 0) {
        this.#dispatch(JSON.parse(buffered.slice(0, end)) as Reply);
        buffered = buffered.slice(end + 1);
      }
    });
  }

  /**
   * `extraArgs` are added to the usual flags, e.g. `--js-flags=--trace-opt` to see what V8
   * compiles; `logFile` gets what Chromium prints (V8 traces go to the renderer's stdout, fully
   * buffered in a file: run the bench under `stdbuf -oL` to keep the tail of a killed renderer's).
   */
  static async launch({
    extraArgs = [],
    logFile,
  }: { extraArgs?: readonly string[]; logFile?: string } = {}): Promise<CdpBrowser> {
    const profile = mkdtempSync(join(tmpdir(), 'browser-bench-'));
    const log = logFile === undefined ? 'ignore' : openSync(logFile, 'a');
    // The first tab opens on about:blank. Left to itself, Chromium opens its new-tab page,
    // which evaluates its modules and loads an iframe seconds after launch, on a renderer the
    // bench counts: in traces of cold bursts, 46-56 ms of module evaluation on that renderer's
    // main thread fell inside the burst's first second of some runs.
    const args = [...FLAGS, ...extraArgs, `--user-data-dir=${profile}`, 'about:blank'];
    const child = spawn(CHROMIUM_PATH, args, {
      stdio: ['ignore', log, log, 'pipe', 'pipe'],
      detached: true,
    });
    if (typeof log === 'number') closeSync(log);
    openBrowsers.set(child, profile);
    const browser = new CdpBrowser(child, profile);
    await browser.send('Browser.getVersion');
    return browser;
  }

  send<T = Params>(method: string, params: Params = {}, sessionId?: string): Promise<T> {
    const id = ++this.#nextId;
    const message: Reply & { params: Params } = { id, method, params };
    if (sessionId !== undefined) message.sessionId = sessionId;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#input.write(`${JSON.stringify(message)}\0`);
    });
  }

  on(method: string, handler: EventHandler): () => void {
    const set = this.#handlers.get(method) ?? new Set();
    set.add(handler);
    this.#handlers.set(method, set);
    return () => set.delete(handler);
  }

  async newPage(): Promise<CdpPage> {
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', {
      url: 'about:blank',
    });
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    return new CdpPage(this, sessionId);
  }

  async close(): Promise<void> {
    const timeout = setTimeout(() => killGroup(this.#child), 5_000);
    this.send('Browser.close').catch(() => undefined);
    await this.#exited;
    clearTimeout(timeout);
    rmSync(this.#profile, { recursive: true, force: true });
    openBrowsers.delete(this.#child);
  }

  #dispatch(reply: Reply): void {
    if (reply.id !== undefined) {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.error) pending?.reject(new Error(reply.error.message));
      else pending?.resolve(reply.result);
      return;
    }
    if (reply.method === undefined) return;
    for (const handler of this.#handlers.get(reply.method) ?? []) {
      handler(reply.params ?? {}, reply.sessionId);
    }
  }
}

export interface CdpSession {
  send<T = Params>(method: string, params?: Params): Promise<T>;
}

export class CdpPage implements CdpSession {
  readonly #browser: CdpBrowser;
  readonly sessionId: string;

  constructor(browser: CdpBrowser, sessionId: string) {
    this.#browser = browser;
    this.sessionId = sessionId;
  }

  send<T = Params>(method: string, params: Params = {}): Promise<T> {
    return this.#browser.send<T>(method, params, this.sessionId);
  }

  /** Calls `handler` for this page's events of `method`. */
  on(method: string, handler: (params: Params) => void): () => void {
    return this.#browser.on(method, (params, sessionId) => {
      if (sessionId === this.sessionId) handler(params);
    });
  }

  /** Runs before any of the page's scripts, CSP or not (the DevTools injection bypasses it). */
  async addInitScript(source: string): Promise<void> {
    await this.send('Page.addScriptToEvaluateOnNewDocument', { source });
  }

  /**
   * Adds a style sheet once the document is parsed, after the page's own (a variant of a page,
   * e.g. one part hidden). The app's CSP allows inline styles.
   */
  async addStyleSheet(css: string): Promise<void> {
    await this.addInitScript(`document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = ${JSON.stringify(css)};
      document.head.append(style);
    })`);
  }

  async goto(url: string): Promise<void> {
    await this.send('Page.enable');
    const loaded = new Promise<void>((resolve) => {
      const off = this.on('Page.loadEventFired', () => {
        off();
        resolve();
      });
    });
    const { errorText } = await this.send<{ errorText?: string }>('Page.navigate', { url });
    if (errorText) throw new Error(`navigation to ${url} failed: ${errorText}`);
    await loaded;
  }

  /** The value of a JS expression (awaited if a promise), copied out as JSON. */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.send<{
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (reply.exceptionDetails) {
      const { text, exception } = reply.exceptionDetails;
      throw new Error(`evaluate failed: ${exception?.description ?? text}`);
    }
    return reply.result.value as T;
  }

  /** The worker's session while some `withWorker` runs, and how many are running. */
  #worker: { sessionId: Promise<string>; users: number } | null = null;

  /**
   * Attaches to the page's dedicated worker for as long as `use` runs. Only the page's own
   * auto-attach gives a worker session that answers; attaching from the browser target does not.
   * Calls that overlap (a worker profile around the collecting step's GC) share one session:
   * Chromium announces an attached worker once, so a second auto-attach would wait forever.
   */
  async withWorker<T>(use: (session: CdpSession) => Promise<T>): Promise<T> {
    const worker = (this.#worker ??= { sessionId: this.#attachWorker(), users: 0 });
    worker.users++;
    try {
      const sessionId = await worker.sessionId;
      return await use({
        send: (method, params) => this.#browser.send(method, params, sessionId),
      });
    } finally {
      if (--worker.users === 0) {
        this.#worker = null;
        // Turning auto-attach off detaches the worker too.
        await this.#autoAttach(false);
      }
    }
  }

  async #attachWorker(): Promise<string> {
    const attached = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no worker attached')), 10_000);
      const off = this.on('Target.attachedToTarget', (params) => {
        const { sessionId, targetInfo } = params as {
          sessionId: string;
          targetInfo: { type: string };
        };
        if (targetInfo.type !== 'worker') return;
        clearTimeout(timer);
        off();
        resolve(sessionId);
      });
    });
    await this.#autoAttach(true);
    return attached;
  }

  #autoAttach(on: boolean): Promise<unknown> {
    return this.send('Target.setAutoAttach', {
      autoAttach: on,
      waitForDebuggerOnStart: false,
      flatten: true,
    });
  }

  /** Polls a JS expression until it is truthy. */
  async waitFor(expression: string, timeoutMs: number, pollMs = 100): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
