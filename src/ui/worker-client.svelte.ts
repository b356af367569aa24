// The page's side of the worker: one module worker, typed commands, the latest snapshot as
// reactive state, and a restart (with the connection re-established) when the worker dies.

import type { PageToWorker, Snapshot, WorkerToPage } from '../worker/protocol';

/** Restart delays grow so a worker that dies on load cannot spin the page. */
const RESTART_BASE_MS = 500;
const RESTART_MAX_MS = 30_000;
const HEALTHY_RUN_MS = 60_000;

export class WorkerClient {
  /** Raw: snapshots are replaced whole, never mutated, so deep proxies would be waste. */
  snapshot = $state.raw<Snapshot | null>(null);
  /** Why the worker last died; kept after the restart so the user can see what happened. */
  crash = $state<string | null>(null);
  /** True from a failure until the restarted worker sends its first snapshot. */
  restarting = $state(false);
  restarts = $state(0);
  #worker: Worker | null = null;
  /** The connect command to replay after a restart. Null: stopped by the user. */
  #connectCommand: Extract<PageToWorker, { type: 'connect' }> | null = null;
  /** Failures in quick succession; drives the restart delay. */
  #failures = 0;
  #startedAt = 0;
  #restartTimer: ReturnType<typeof setTimeout> | null = null;
  #disposed = false;
  /**
   * While the tab is hidden nothing is drawn, so snapshots wait here instead of re-rendering
   * the page with every snapshot; the latest is shown the moment the tab is back.
   */
  #held: Snapshot | null = null;
  readonly #onVisibility = (): void => {
    if (document.hidden || this.#held === null) return;
    this.snapshot = this.#held;
    this.#held = null;
  };

  start(): void {
    if (this.#worker !== null || this.#disposed) return;
    document.addEventListener('visibilitychange', this.#onVisibility);
    const worker = new Worker(new URL('../worker/firehose-worker.ts', import.meta.url), {
      type: 'module',
    });
    worker.onmessage = (event: MessageEvent<WorkerToPage>) => this.#receive(worker, event.data);
    worker.onerror = (event: ErrorEvent) => {
      // Stops the browser from logging it twice; we log and show it ourselves.
      event.preventDefault();
      this.#fail(worker, event.message || 'the worker failed to load or threw an error');
    };
    worker.onmessageerror = () => this.#fail(worker, 'a worker message could not be read');
    this.#worker = worker;
    this.#startedAt = Date.now();
    if (this.#connectCommand !== null) this.#send(this.#connectCommand);
  }

  /** `stallTimeoutMs` undefined leaves the worker's default watchdog. */
  connect(url: string, stallTimeoutMs?: number): void {
    this.#connectCommand =
      stallTimeoutMs === undefined
        ? { type: 'connect', url }
        : { type: 'connect', url, stallTimeoutMs };
    this.#send(this.#connectCommand);
  }

  disconnect(): void {
    this.#connectCommand = null;
    this.#send({ type: 'disconnect' });
  }

  reconnectNow(): void {
    // After a user stop there is nothing to reconnect; "Connect" is the way back.
    if (this.#connectCommand === null) return;
    this.#send({ type: 'reconnect-now' });
  }

  dispose(): void {
    this.#disposed = true;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    if (this.#restartTimer !== null) clearTimeout(this.#restartTimer);
    this.#worker?.terminate();
    this.#worker = null;
  }

  #send(command: PageToWorker): void {
    this.#worker?.postMessage(command);
  }

  #receive(worker: Worker, message: WorkerToPage): void {
    if (worker !== this.#worker) return;
    if (document.hidden) this.#held = message.snapshot;
    else this.snapshot = message.snapshot;
    this.restarting = false;
  }

  #fail(worker: Worker, reason: string): void {
    // A dying worker can report more than once; only the current one counts.
    if (worker !== this.#worker) return;
    worker.terminate();
    this.#worker = null;
    this.crash = reason;
    this.restarting = true;
    // Handled and recovered from, so a warning rather than an error.
    console.warn('firehose worker failed:', reason);
    // A worker that ran for a good while before failing is not in a crash loop.
    if (Date.now() - this.#startedAt > HEALTHY_RUN_MS) this.#failures = 0;
    const delay = Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** this.#failures);
    this.#failures++;
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      this.restarts++;
      this.start();
    }, delay);
  }
}
