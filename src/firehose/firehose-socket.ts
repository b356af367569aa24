// The firehose websocket and its reconnects. It knows nothing of frames: it hands each
// message on as bytes (or text), resumes from the cursor it is given, backs off when a relay
// keeps failing, and treats a silent socket as dead because browsers cannot send pings.

import { backoffDelay } from './backoff';
import { withCursor } from './relay-url';

/** The part of the WebSocket API we use, so tests can drive a fake socket. */
export type SocketLike = Pick<
  WebSocket,
  'binaryType' | 'onopen' | 'onmessage' | 'onclose' | 'onerror' | 'close'
>;

export type SocketPhase = 'idle' | 'connecting' | 'live' | 'waiting' | 'closed';

export interface SocketStatus {
  phase: SocketPhase;
  url: string;
  reconnects: number;
  /** Delay of the pending reconnect, while waiting. */
  backoffMs: number | null;
  lastError: string | null;
}

export interface FirehoseSocketOptions {
  /**
   * Called once per websocket message: bytes are normalised here, at the edge. They are only
   * valid during the call (see `release`): keep a copy of what must outlive it.
   */
  onMessage: (data: Uint8Array | string) => void;
  onStatus: (status: SocketStatus) => void;
  /** The connection ended without the user asking: closed by the network, or gone silent. */
  onDrop?: (reason: string, cause: 'closed' | 'stalled') => void;
  /** The seq to resume after, read at each (re)connect. */
  cursor: () => number | null;
  createSocket?: (url: string) => SocketLike;
  /** A socket that delivers nothing for this long is declared dead. */
  stallTimeoutMs?: number;
  /** Messages are handed on in arrival order, in batches this often (see the class comment). */
  batchMs?: number;
  /** A batch is handed on at once when it reaches this many messages (see DEFAULT_MAX_BATCH). */
  maxBatch?: number;
  random?: () => number;
}

export const DEFAULT_STALL_TIMEOUT_MS = 30_000;
export const DEFAULT_BATCH_MS = 200;
/**
 * A batch is handed on at once when this many messages wait: 50 real frames decode in 2-3 ms,
 * so in a burst the worker keeps returning to its event loop and the browser keeps reading the
 * socket. With 2,000 (about 60 ms of decoding at a time) the browser's IO thread and network
 * service cost about 10 µs a frame more in a burst, and 10 cost the worker more in a paced
 * stream (tests/bench/browser-bench.ts); paced at 2,000 frames/s, 50 were as cheap as 2,000.
 */
export const DEFAULT_MAX_BATCH = 50;

/**
 * Messages are queued as they arrive and handed on in batches: every `batchMs`, when `maxBatch`
 * wait, or when `flush()` is called (the worker flushes right before each snapshot, so the
 * counts never lag the page). Decoding dozens of frames back to back keeps the decoder's code
 * and data warm in the CPU, where one frame per event, between the browser's own work, made our
 * worker cost about twice its decoding time (tests/bench/browser-bench.ts). A connection that
 * ends hands on what it delivered first; one dropped for what it sent (recycle, stop) loses the
 * rest of its batch, which the relay sends again from the cursor.
 */
export class FirehoseSocket {
  readonly #options: FirehoseSocketOptions;
  #stallTimeoutMs: number;
  #socket: SocketLike | null = null;
  #url = '';
  #phase: SocketPhase = 'idle';
  #reconnects = 0;
  /** Failed attempts in a row; reset once a connection delivers a valid event. */
  #attempt = 0;
  #backoffMs: number | null = null;
  #lastError: string | null = null;
  #useCursor = true;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #stallTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the socket last handed on messages (or opened), by `performance.now()`. */
  #lastMessageAt = 0;
  readonly #batchMs: number;
  readonly #maxBatch: number;
  /** Messages received and not yet handed on, oldest first, as the socket gave them. */
  #queue: (ArrayBuffer | ArrayBufferView | string)[] = [];
  #batchTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: FirehoseSocketOptions) {
    this.#options = options;
    this.#stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    this.#batchMs = options.batchMs ?? DEFAULT_BATCH_MS;
    this.#maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  }

  get status(): SocketStatus {
    return {
      phase: this.#phase,
      url: this.#url,
      reconnects: this.#reconnects,
      backoffMs: this.#phase === 'waiting' ? this.#backoffMs : null,
      lastError: this.#lastError,
    };
  }

  /** Connect to a (new) subscribe URL, resuming from the cursor. */
  start(url: string, stallTimeoutMs?: number): void {
    this.#url = url;
    if (stallTimeoutMs !== undefined) this.#stallTimeoutMs = stallTimeoutMs;
    this.#reconnects = 0;
    this.#attempt = 0;
    this.#lastError = null;
    this.#open();
  }

  /** The user's stop: close and stay closed. */
  stop(): void {
    this.#teardown();
    this.#setPhase('closed');
  }

  /** The user's "reconnect now": skip any pending backoff. */
  reconnectNow(): void {
    if (!this.#url) return;
    this.#reconnects++;
    this.#open();
  }

  /** Hands on every message received so far, now: the counts are then up to date. */
  flush(): void {
    this.#handOn();
  }

  /** The stream proved healthy: the next drop is retried at the initial delay. */
  markHealthy(): void {
    this.#attempt = 0;
  }

  /**
   * Drop the current connection because of what it sent (a protocol error, bad framing,
   * a stall) and reconnect after the backoff. `fromLive` reconnects without a cursor.
   */
  recycle(reason: string, { fromLive = false } = {}): void {
    if (this.#phase === 'closed' || this.#phase === 'idle') return;
    if (fromLive) this.#useCursor = false;
    this.#lastError = reason;
    this.#scheduleReconnect();
  }

  #open(): void {
    this.#teardown();
    const cursor = this.#useCursor ? this.#options.cursor() : null;
    this.#useCursor = true;
    const create = this.#options.createSocket ?? ((url: string) => new WebSocket(url));
    let socket: SocketLike;
    try {
      socket = create(withCursor(this.#url, cursor));
    } catch (error) {
      this.#lastError = `could not open socket: ${(error as Error).message}`;
      this.#scheduleReconnect();
      return;
    }
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this.#setPhase('live');
    };
    socket.onmessage = (event) => {
      const data: unknown = event.data;
      if (!(data instanceof ArrayBuffer || typeof data === 'string' || ArrayBuffer.isView(data))) {
        return;
      }
      this.#queue.push(data);
      if (this.#queue.length >= this.#maxBatch) this.#handOn();
      else this.#batchTimer ??= setTimeout(this.#onBatchTimer, this.#batchMs);
    };
    socket.onerror = () => {
      // Browsers hide the reason; the close event that always follows carries the code.
      this.#lastError = 'socket error';
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      // What arrived before the close is good: count it before the cursor is read again.
      this.#handOn();
      if (this.#socket !== socket) return; // recycled for something in that batch
      this.#lastError = describeClose(event.code, event.reason);
      this.#options.onDrop?.(this.#lastError, 'closed');
      this.#scheduleReconnect();
    };
    this.#socket = socket;
    this.#setPhase('connecting');
    this.#armStallTimer();
  }

  #scheduleReconnect(): void {
    this.#teardown();
    this.#backoffMs = backoffDelay(this.#attempt++, this.#options.random);
    this.#setPhase('waiting');
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#reconnects++;
      this.#open();
    }, this.#backoffMs);
  }

  /**
   * Re-arming a timer on every message would create and cancel thousands of timers a second;
   * instead each batch stamps the time, and the timer re-arms itself for the time left.
   */
  #armStallTimer(): void {
    this.#lastMessageAt = performance.now();
    this.#watchForStall(this.#stallTimeoutMs);
  }

  #watchForStall(delayMs: number): void {
    this.#stallTimer = setTimeout(() => {
      this.#stallTimer = null;
      const silentMs = performance.now() - this.#lastMessageAt;
      if (silentMs < this.#stallTimeoutMs) {
        this.#watchForStall(this.#stallTimeoutMs - silentMs);
        return;
      }
      const reason = `no frame for ${this.#stallTimeoutMs / 1000} s: connection stalled`;
      this.#options.onDrop?.(reason, 'stalled');
      this.recycle(reason);
    }, delayMs);
  }

  /**
   * The batch timer is left to run out, not cleared when a full batch goes early: a message then
   * waits at most `batchMs` all the same, and a stream makes at most one timer per `batchMs`.
   * Arming and clearing one per batch, 80 a second at 2,000 frames/s, took about 1.6 µs a frame
   * of the worker's time in CPU profiles (setTimeout and clearTimeout themselves), as much as
   * reading every map key of the frame.
   */
  readonly #onBatchTimer = (): void => {
    this.#batchTimer = null;
    this.#handOn();
  };

  /** Hands the queued messages on, oldest first, until done or the connection is dropped. */
  #handOn(): void {
    const queue = this.#queue;
    if (queue.length === 0) return;
    this.#queue = [];
    // Stamped per batch, not per message: the stall timeout is seconds, a batch waits at most batchMs.
    this.#lastMessageAt = performance.now();
    const socket = this.#socket;
    for (const data of queue) {
      if (this.#socket !== socket) return; // dropped by the handler (recycle, stop)
      this.#options.onMessage(asBytes(data));
      release(data);
    }
  }

  #teardown(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    if (this.#stallTimer !== null) clearTimeout(this.#stallTimer);
    if (this.#batchTimer !== null) clearTimeout(this.#batchTimer);
    this.#retryTimer = null;
    this.#stallTimer = null;
    this.#batchTimer = null;
    this.#queue = [];
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
      try {
        socket.close(1000, 'client closing');
      } catch {
        // Closing a socket that never opened can throw in some browsers; it is gone either way.
      }
    }
  }

  #setPhase(phase: SocketPhase): void {
    this.#phase = phase;
    this.#options.onStatus(this.status);
  }
}

/**
 * The one place bytes are normalised. Made as each message is handed on, not as it arrives: a
 * view made on arrival would live through the batch, be copied by the collector as a survivor,
 * and die old.
 */
function asBytes(data: ArrayBuffer | ArrayBufferView | string): Uint8Array | string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Frees a message's bytes as soon as they are handed on, instead of leaving them to the
 * collector. Left to it, the worker's V8 swept a burst's buffers in its full collections: 93 ms
 * of its helper threads' CPU per 40,000 frames in a trace (about 2 µs a frame), and 2 ms once
 * they were released (tests/bench/README.md).
 * A zero-length transfer detaches the buffer; an engine without it (Node 20) collects as before.
 */
function release(data: ArrayBuffer | ArrayBufferView | string): void {
  if (data instanceof ArrayBuffer) (data as DetachableBuffer).transfer?.(0);
}

/** ES2024's ArrayBuffer.prototype.transfer, not in the ES2022 lib this project targets. */
interface DetachableBuffer extends ArrayBuffer {
  transfer?: (length: number) => ArrayBuffer;
}

function describeClose(code: number, reason: string): string {
  // The reason comes from the network: keep it short; the page renders it as text only.
  return `connection closed by the relay or network (code ${code}${reason ? `: ${reason.slice(0, 200)}` : ''})`;
}
