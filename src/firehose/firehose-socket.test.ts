import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_BATCH_MS,
  DEFAULT_MAX_BATCH,
  FirehoseSocket,
  type SocketLike,
  type SocketStatus,
} from './firehose-socket';

const URL_BASE = 'ws://relay.test/xrpc/com.atproto.sync.subscribeRepos';

class FakeSocket {
  binaryType = 'blob';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  receive(data: unknown) {
    this.onmessage?.({ data });
  }
  drop(code = 1006) {
    this.onclose?.({ code, reason: '' });
  }
}

/** `handle` also sees each message, after it is recorded, as the worker's handler would. */
function setup(
  cursor: () => number | null = () => null,
  handle?: (data: Uint8Array | string, socket: FirehoseSocket) => void,
) {
  const sockets: FakeSocket[] = [];
  const messages: (Uint8Array | string)[] = [];
  const statuses: SocketStatus[] = [];
  const socket: FirehoseSocket = new FirehoseSocket({
    cursor,
    onMessage: (data) => {
      // A copy: the bytes are only valid during the call.
      messages.push(typeof data === 'string' ? data : data.slice());
      handle?.(data, socket);
    },
    onStatus: (status) => statuses.push(status),
    createSocket: (url) => {
      const fake = new FakeSocket(url);
      sockets.push(fake);
      return fake as unknown as SocketLike;
    },
    random: () => 0.5,
    stallTimeoutMs: 30_000,
  });
  const last = () => sockets.at(-1)!;
  return { socket, sockets, messages, statuses, last };
}

describe('FirehoseSocket', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens with binaryType arraybuffer and hands bytes on as Uint8Array', () => {
    const { socket, last, messages } = setup();
    socket.start(URL_BASE);
    expect(last().url).toBe(URL_BASE);
    expect(last().binaryType).toBe('arraybuffer');
    last().open();
    expect(socket.status.phase).toBe('live');
    last().receive(new Uint8Array([1, 2, 3]).buffer);
    last().receive('text');
    vi.advanceTimersByTime(DEFAULT_BATCH_MS);
    expect(messages).toEqual([new Uint8Array([1, 2, 3]), 'text']);
  });

  it('hands messages on in arrival order, a batch every batchMs', () => {
    const { socket, last, messages } = setup();
    socket.start(URL_BASE);
    last().open();
    for (let i = 0; i < 5; i++) last().receive(`m${i}`);
    vi.advanceTimersByTime(DEFAULT_BATCH_MS - 1);
    expect(messages).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(messages).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    last().receive('m5');
    vi.advanceTimersByTime(DEFAULT_BATCH_MS);
    expect(messages).toHaveLength(6);
  });

  it('hands the queue on at once when flushed, or when a batch is full', () => {
    const { socket, last, messages } = setup();
    socket.start(URL_BASE);
    last().open();
    last().receive('m0');
    last().receive('m1');
    socket.flush();
    expect(messages).toEqual(['m0', 'm1']);
    vi.advanceTimersByTime(DEFAULT_BATCH_MS);
    expect(messages).toHaveLength(2);
    for (let i = 0; i < DEFAULT_MAX_BATCH - 1; i++) last().receive('x');
    expect(messages).toHaveLength(2);
    last().receive('x');
    expect(messages).toHaveLength(2 + DEFAULT_MAX_BATCH);
  });

  it('releases each whole buffer right after handing it on, and nothing else', () => {
    // Node 20 has no ArrayBuffer.prototype.transfer, browsers do: a stand-in records the calls.
    const transfer = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'transfer');
    const released: [ArrayBuffer, number][] = [];
    Object.defineProperty(ArrayBuffer.prototype, 'transfer', {
      configurable: true,
      writable: true,
      value(this: ArrayBuffer, length: number) {
        released.push([this, length]);
        return new ArrayBuffer(length);
      },
    });
    try {
      const seen: number[][] = [];
      const { socket, last } = setup(undefined, (data) => {
        const bytes = data as Uint8Array;
        // Still whole while it is handed on.
        expect(released.map(([buffer]) => buffer)).not.toContain(bytes.buffer);
        seen.push([...bytes]);
      });
      socket.start(URL_BASE);
      last().open();
      const first = new Uint8Array([1, 2]).buffer;
      const second = new Uint8Array([3]).buffer;
      // A view of a larger buffer is not ours to free.
      const view = new Uint8Array([9, 4, 9]).subarray(1, 2);
      last().receive(first);
      last().receive(view);
      last().receive(second);
      socket.flush();
      expect(seen).toEqual([[1, 2], [4], [3]]);
      expect(released).toEqual([
        [first, 0],
        [second, 0],
      ]);
    } finally {
      if (transfer) Object.defineProperty(ArrayBuffer.prototype, 'transfer', transfer);
      else delete (ArrayBuffer.prototype as { transfer?: unknown }).transfer;
    }
  });

  it('keeps one batch timer however many full batches go early, and waits no more than batchMs', () => {
    const { socket, last, messages } = setup();
    socket.start(URL_BASE);
    last().open();
    const armed = vi.getTimerCount();
    last().receive('first');
    expect(vi.getTimerCount()).toBe(armed + 1);
    vi.advanceTimersByTime(DEFAULT_BATCH_MS / 2);
    for (let i = 0; i < 3 * DEFAULT_MAX_BATCH; i++) last().receive('x');
    expect(messages).toHaveLength(3 * DEFAULT_MAX_BATCH);
    last().receive('late');
    // Still the first message's timer: no timer was armed or cleared for the full batches.
    expect(vi.getTimerCount()).toBe(armed + 1);
    vi.advanceTimersByTime(DEFAULT_BATCH_MS / 2);
    expect(messages.at(-1)).toBe('late');
    expect(vi.getTimerCount()).toBe(armed);
  });

  it('drops the rest of a batch when a message in it recycles the connection', () => {
    const { socket, sockets, messages } = setup(
      () => 7,
      (data, socket) => {
        if (data === 'bad') socket.recycle('bad frame');
      },
    );
    socket.start(URL_BASE);
    sockets[0]!.open();
    for (const m of ['a', 'bad', 'after', 'more']) sockets[0]!.receive(m);
    vi.advanceTimersByTime(DEFAULT_BATCH_MS);
    expect(messages).toEqual(['a', 'bad']);
    vi.advanceTimersByTime(10_000);
    // Resumed from the cursor: the relay sends the dropped messages again.
    expect(sockets[1]!.url).toBe(`${URL_BASE}?cursor=7`);
    expect(messages).toEqual(['a', 'bad']);
  });

  it('hands on what arrived before a close, then reads the cursor to resume', () => {
    let counted = 0;
    const { socket, sockets } = setup(
      () => counted,
      () => counted++,
    );
    socket.start(URL_BASE);
    sockets[0]!.open();
    for (let i = 0; i < 3; i++) sockets[0]!.receive(`m${i}`);
    sockets[0]!.drop();
    expect(counted).toBe(3);
    vi.advanceTimersByTime(10_000);
    expect(sockets[1]!.url).toBe(`${URL_BASE}?cursor=3`);
  });

  it('reconnects after a drop with the cursor, backing off while no event arrives', () => {
    let cursor: number | null = null;
    const { socket, sockets, last } = setup(() => cursor);
    socket.start(URL_BASE);
    last().open();
    cursor = 41;
    last().drop();
    expect(socket.status).toMatchObject({ phase: 'waiting', backoffMs: 1000 });
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(last().url).toBe(`${URL_BASE}?cursor=41`);
    // Accepted then dropped at once, twice: the delay grows.
    last().open();
    last().drop();
    expect(socket.status.backoffMs).toBe(2000);
    vi.advanceTimersByTime(2000);
    last().drop();
    expect(socket.status.backoffMs).toBe(4000);
    vi.advanceTimersByTime(4000);
    // A connection that delivers valid events resets the delay.
    last().open();
    socket.markHealthy();
    last().drop();
    expect(socket.status).toMatchObject({ backoffMs: 1000, reconnects: 3 });
  });

  it('treats thirty silent seconds as a stall and reconnects', () => {
    const { socket, sockets, last } = setup(() => 7);
    socket.start(URL_BASE);
    last().open();
    vi.advanceTimersByTime(29_000);
    last().receive(new ArrayBuffer(1));
    vi.advanceTimersByTime(29_000);
    expect(sockets).toHaveLength(1);
    // Silence is counted from the message's batch, handed on DEFAULT_BATCH_MS after it came.
    vi.advanceTimersByTime(1_000 + DEFAULT_BATCH_MS);
    expect(sockets[0]!.closed).toBe(true);
    expect(socket.status.lastError).toMatch(/stalled/);
    vi.advanceTimersByTime(1_000);
    expect(sockets).toHaveLength(2);
    expect(last().url).toBe(`${URL_BASE}?cursor=7`);
  });

  it('recycles from live without the cursor when asked, then resumes with it again', () => {
    const { socket, last } = setup(() => 99);
    socket.start(URL_BASE);
    last().open();
    socket.recycle('FutureCursor', { fromLive: true });
    vi.advanceTimersByTime(1000);
    expect(last().url).toBe(URL_BASE);
    last().drop();
    vi.advanceTimersByTime(2000);
    expect(last().url).toBe(`${URL_BASE}?cursor=99`);
  });

  it('stays closed after the user stops, and reconnects at once when asked', () => {
    const { socket, sockets, last } = setup(() => 5);
    socket.start(URL_BASE);
    last().open();
    socket.stop();
    expect(sockets[0]!.closed).toBe(true);
    expect(socket.status.phase).toBe('closed');
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(1);
    socket.reconnectNow();
    expect(sockets).toHaveLength(2);
    expect(last().url).toBe(`${URL_BASE}?cursor=5`);
  });

  it('ignores events from a socket it already replaced', () => {
    const { socket, sockets, last, messages } = setup();
    socket.start(URL_BASE);
    const first = last();
    socket.reconnectNow();
    first.drop();
    first.receive(new ArrayBuffer(2));
    expect(socket.status.phase).toBe('connecting');
    expect(messages).toHaveLength(0);
    expect(sockets).toHaveLength(2);
  });
});
