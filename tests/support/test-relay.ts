// A local stand-in for a relay's subscribeRepos endpoint: serves a fixed list of frames with
// real cursor semantics, plus scripted faults, so the app's firehose handling can be tested
// deterministically and offline.

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { WebSocket, WebSocketServer } from 'ws';
import { errorFrame, infoFrame } from './frame-builder.ts';
import { frameSeq } from './frame-codec.ts';

export const SUBSCRIBE_PATH = '/xrpc/com.atproto.sync.subscribeRepos';

/** Binary frames go out as binary messages, strings as text messages. */
export type RelayFrame = Uint8Array | string;

export interface RelayFaults {
  /** Destroy the TCP socket (no close frame) after every N list frames on a connection. */
  disconnectEvery?: number;
  /** On resume, also resend the frame whose seq equals the cursor. */
  inclusiveReplay?: boolean;
  /** Send the list frame at every Nth list position twice in a row. */
  duplicateEvery?: number;
  /** Each is sent once, right after the frame with seq `afterSeq`, and never again. */
  badFrames?: Array<{ afterSeq: number; frame: RelayFrame }>;
  /** Once: after N list frames on a connection, send error ConsumerTooSlow and close. */
  consumerTooSlowAfter?: number;
  /** Once: the first connection with a cursor gets `#info OutdatedCursor` before its frames. */
  outdatedCursorOnResume?: boolean;
  /** Once: after N list frames on a connection, send nothing for `ms`, socket left open. */
  stallAfter?: { frames: number; ms: number };
}

export interface TestRelayOptions {
  frames?: RelayFrame[];
  /** List frames per second per connection; unlimited when left out. */
  rate?: number;
  /** Keep sockets open after the last frame (waiting for more), instead of closing. */
  holdOpen?: boolean;
  faults?: RelayFaults;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface TestRelay {
  /** `ws://127.0.0.1:PORT`, the relay's base URL as a user would type it. */
  readonly url: string;
  /** `url` plus the subscribeRepos path. */
  readonly subscribeUrl: string;
  readonly port: number;
  /** Websocket connections accepted so far. */
  readonly connections: number;
  /** The `cursor` query of each accepted connection, in order; null when absent. */
  readonly cursors: Array<number | null>;
  /** Sockets open right now. */
  readonly openConnections: number;
  /** Messages sent over all connections, faults included. */
  readonly messagesSent: number;
  /** Replace the list; held-open connections continue after the last seq they sent. */
  setFrames(frames: RelayFrame[]): void;
  /** Extend the list (a live stream); `retain` drops the oldest, like a relay's backfill window. */
  appendFrames(frames: RelayFrame[], options?: { retain?: number }): void;
  /** Change faults for what happens next; the once-only ones stay spent. */
  setFaults(faults: RelayFaults): void;
  /** Destroy every open socket abruptly, as a network drop would. */
  dropConnections(): void;
  close(): Promise<void>;
}

interface Entry {
  seq: number | null;
  data: RelayFrame;
}

/** Unsent bytes above which a connection waits for the socket to drain. */
const HIGH_WATER_BYTES = 1 << 20;
/** Sleep only when this far ahead of the rate schedule: timers are too coarse for less. */
const MIN_SLEEP_MS = 4;

export async function startTestRelay(options: TestRelayOptions = {}): Promise<TestRelay> {
  const holdOpen = options.holdOpen ?? true;
  let faults: RelayFaults = options.faults ?? {};
  const spent = new Set<string>();
  const injected = new Set<{ afterSeq: number; frame: RelayFrame }>();

  // The list, with absolute positions so trimming the front never moves a connection.
  let entries: Entry[] = toEntries(options.frames ?? []);
  let base = 0;
  let generation = 0;
  let changed = signal();

  const cursors: Array<number | null> = [];
  const serving = new Set<Promise<void>>();
  let messagesSent = 0;
  let closing = false;

  const highestSeq = (): number | null => {
    for (let i = entries.length - 1; i >= 0; i--) {
      const seq = entries[i]?.seq;
      if (seq !== null && seq !== undefined) return seq;
    }
    return null;
  };

  /** Position of the first frame after `cursor` (or at it, when inclusive). */
  const seek = (cursor: number | null, inclusive: boolean): number => {
    if (cursor === null) return base;
    for (let i = entries.length - 1; i >= 0; i--) {
      const seq = entries[i]?.seq;
      if (seq === null || seq === undefined) continue;
      if (inclusive ? seq < cursor : seq <= cursor) return base + i + 1;
    }
    return base;
  };

  const send = (ws: WebSocket, data: RelayFrame): Promise<void> =>
    new Promise((resolve) => {
      if (ws.readyState !== WebSocket.OPEN) return resolve();
      messagesSent++;
      // Resolves once the bytes are handed to the kernel, never rejects: a dead socket is
      // noticed by the loop through readyState.
      ws.send(data, () => resolve());
    });

  const once = (name: string): boolean => {
    if (spent.has(name)) return false;
    spent.add(name);
    return true;
  };

  /**
   * One connection: replay from the cursor, then either close or wait for more frames, with
   * faults applied between frames. States: rejecting (FutureCursor) → sending → holding.
   */
  const serve = async (ws: WebSocket, cursor: number | null): Promise<void> => {
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    const stop = new AbortController();
    void closed.then(() => stop.abort());
    // Sleeps end with the socket, so no timer outlives a closed relay.
    const pause = (ms: number): Promise<unknown> =>
      sleep(ms, undefined, { signal: stop.signal }).catch(() => undefined);
    const open = (): boolean => ws.readyState === WebSocket.OPEN && !closing;

    if (cursor !== null) {
      const highest = highestSeq();
      if (highest === null || cursor > highest) {
        await send(ws, errorFrame('FutureCursor', 'Cursor in the future.'));
        ws.close(1008, 'FutureCursor');
        return;
      }
      const oldest = entries.find((entry) => entry.seq !== null)?.seq ?? null;
      const trimmedPast = base > 0 && oldest !== null && cursor < oldest - 1;
      if ((faults.outdatedCursorOnResume && once('outdated-cursor')) || trimmedPast) {
        await send(ws, infoFrame('OutdatedCursor', 'Requested cursor exceeded limit.'));
      }
    }

    // Frames at or below `floor` were delivered before this connection (or resync) began.
    let inclusive = cursor !== null && faults.inclusiveReplay === true;
    let floor = cursor;
    let position = seek(cursor, inclusive);
    let seenGeneration = generation;
    let lastSeq = cursor;
    let sentHere = 0;
    let paceStart = performance.now();
    let paced = 0;
    let lastSend: Promise<void> = Promise.resolve();

    while (open()) {
      if (seenGeneration !== generation) {
        seenGeneration = generation;
        floor = lastSeq;
        inclusive = false;
        position = seek(lastSeq, false);
      }
      position = Math.max(position, base);
      const entry = entries[position - base];
      if (entry === undefined) {
        if (!holdOpen) {
          ws.close(1000, 'end of test frames');
          return;
        }
        await Promise.race([changed.wait, closed]);
        continue;
      }
      position++;
      if (
        floor !== null &&
        entry.seq !== null &&
        (inclusive ? entry.seq < floor : entry.seq <= floor)
      ) {
        continue;
      }

      if (options.rate !== undefined) {
        const ahead = paceStart + (paced * 1000) / options.rate - performance.now();
        if (ahead >= MIN_SLEEP_MS) await pause(ahead);
        paced++;
        if (!open()) return;
      }

      lastSend = send(ws, entry.data);
      if (faults.duplicateEvery !== undefined && position % faults.duplicateEvery === 0) {
        lastSend = send(ws, entry.data);
      }
      if (entry.seq !== null) lastSeq = entry.seq;
      for (const bad of faults.badFrames ?? []) {
        if (bad.afterSeq === entry.seq && !injected.has(bad)) {
          injected.add(bad);
          lastSend = send(ws, bad.frame);
        }
      }
      sentHere++;

      // Backpressure: never queue more than HIGH_WATER_BYTES for a slow reader.
      if (ws.bufferedAmount > HIGH_WATER_BYTES) await lastSend;
      else if (sentHere % 64 === 0) await nextTurn();

      const tooSlowAfter = faults.consumerTooSlowAfter;
      if (tooSlowAfter !== undefined && sentHere >= tooSlowAfter && once('consumer-too-slow')) {
        await send(ws, errorFrame('ConsumerTooSlow', 'Stream consumer too slow.'));
        ws.close(1008, 'ConsumerTooSlow');
        return;
      }
      const stall = faults.stallAfter;
      if (stall !== undefined && sentHere >= stall.frames && once('stall')) {
        await pause(stall.ms);
        paceStart = performance.now();
        paced = 0;
      }
      const every = faults.disconnectEvery;
      if (every !== undefined && sentHere % every === 0) {
        // Flush first so the client sees exactly N frames, then drop without a close frame.
        await lastSend;
        ws.terminate();
        return;
      }
    }
  };

  const server = createServer((_request, response) => {
    response.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://relay.test');
    if (url.pathname !== SUBSCRIBE_PATH) return refuse(socket, '404 Not Found');
    const raw = url.searchParams.get('cursor');
    if (raw !== null && !/^\d{1,16}$/.test(raw)) return refuse(socket, '400 Bad Request');
    const cursor = raw === null ? null : Number(raw);
    wss.handleUpgrade(request, socket, head, (ws) => {
      cursors.push(cursor);
      ws.on('error', () => undefined);
      const running = serve(ws, cursor).catch(() => ws.terminate());
      serving.add(running);
      void running.finally(() => serving.delete(running));
    });
  });

  const wake = (): void => {
    generation++;
    const current = changed;
    changed = signal();
    current.fire();
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}`;

  return {
    url,
    subscribeUrl: `${url}${SUBSCRIBE_PATH}`,
    port,
    get connections() {
      return cursors.length;
    },
    get cursors() {
      return [...cursors];
    },
    get openConnections() {
      return wss.clients.size;
    },
    get messagesSent() {
      return messagesSent;
    },
    setFrames(frames) {
      entries = toEntries(frames);
      base = 0;
      wake();
    },
    appendFrames(frames, appendOptions = {}) {
      entries.push(...toEntries(frames));
      const retain = appendOptions.retain;
      if (retain !== undefined && entries.length > retain) {
        const dropped = entries.length - retain;
        entries = entries.slice(dropped);
        base += dropped;
      }
      // Appending keeps positions valid, so held connections just resume: no generation bump.
      const current = changed;
      changed = signal();
      current.fire();
    },
    setFaults(next) {
      faults = next;
    },
    dropConnections() {
      for (const client of wss.clients) client.terminate();
    },
    async close() {
      closing = true;
      for (const client of wss.clients) client.terminate();
      changed.fire();
      await Promise.allSettled([...serving]);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function toEntries(frames: readonly RelayFrame[]): Entry[] {
  return frames.map((data) => ({ seq: frameSeq(data), data }));
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

interface Signal {
  wait: Promise<void>;
  fire(): void;
}

function signal(): Signal {
  let fire = (): void => undefined;
  const wait = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { wait, fire };
}
