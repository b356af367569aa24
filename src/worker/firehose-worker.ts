// The worker entry: owns the socket and the counter, answers the page's commands, and posts
// at most one snapshot per SNAPSHOT_INTERVAL_MS however fast frames arrive.

/// <reference lib="webworker" />

import { FirehoseSocket } from '../firehose/firehose-socket';
import { FirehoseCounter, type Directive } from './firehose-counter';
import {
  SNAPSHOT_INTERVAL_MS,
  type PageToWorker,
  type Snapshot,
  type WorkerToPage,
} from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const counter = new FirehoseCounter(Date.now());
let snapshotTimer: ReturnType<typeof setTimeout> | null = null;
let lastSnapshotAt = 0;

const socket = new FirehoseSocket({
  // A batch per snapshot: postSnapshot flushes the rest first.
  batchMs: SNAPSHOT_INTERVAL_MS,
  cursor: () => counter.cursor,
  onStatus: () => scheduleSnapshot(),
  onDrop: (reason, cause) => {
    const code = cause === 'stalled' ? 'stall' : 'connection-lost';
    counter.notice('warning', code, `${reason}; reconnecting from the cursor`, Date.now());
  },
  onMessage: (data) => {
    // Inline rather than through contain(): this runs thousands of times a second, and a
    // closure per frame is garbage the collector then has to clear.
    let directive: Directive;
    try {
      directive = counter.handle(data, Date.now());
    } catch (error) {
      internalError(error);
      scheduleSnapshot();
      return;
    }
    if (directive.type === 'recycle') socket.recycle(directive.reason, directive);
    else if (directive.healthy) socket.markHealthy();
    scheduleSnapshot();
  },
});

self.onmessage = (event: MessageEvent<PageToWorker>) => {
  contain(() => {
    const command = event.data;
    switch (command.type) {
      case 'connect':
        socket.start(command.url, command.stallTimeoutMs);
        break;
      case 'disconnect':
        socket.stop();
        break;
      case 'reconnect-now':
        socket.reconnectNow();
        break;
      case 'reset':
        counter.reset(Date.now());
        break;
    }
  });
  scheduleSnapshot();
};

/** Runs one step of the message loop; a bug in it becomes a notice, never an escaped throw. */
function contain<T>(step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    internalError(error);
    return undefined;
  }
}

function internalError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  counter.notice('error', 'internal-error', `internal error: ${message}`, Date.now());
}

/** Coalesces: however many frames arrive, one snapshot goes out per interval, latest wins. */
function scheduleSnapshot(): void {
  if (snapshotTimer !== null) return;
  const wait = Math.max(0, lastSnapshotAt + SNAPSHOT_INTERVAL_MS - Date.now());
  snapshotTimer = setTimeout(postSnapshot, wait);
}

function postSnapshot(): void {
  snapshotTimer = null;
  lastSnapshotAt = Date.now();
  // The frames queued since the last snapshot are decoded now, so the snapshot includes them.
  socket.flush();
  const now = Date.now();
  const status = socket.status;
  const snapshot: Snapshot = {
    at: new Date(now).toISOString(),
    since: new Date(counter.since).toISOString(),
    connection: {
      state: status.phase,
      url: status.url,
      reconnects: status.reconnects,
      backoffMs: status.backoffMs,
      cursor: counter.cursor,
      lastError: status.lastError,
    },
    stats: counter.stats(now),
    windows: counter.windows(now),
    notices: counter.notices(),
  };
  const message: WorkerToPage = { type: 'snapshot', snapshot };
  self.postMessage(message);
  // Rates decay to zero when the stream goes quiet, so keep the page current while live.
  if (status.phase === 'live' || status.phase === 'waiting') scheduleSnapshot();
}

scheduleSnapshot();
