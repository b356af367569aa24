// The one message protocol between the page and the firehose worker. Both sides import
// these types; nothing else crosses the boundary.

/** Kinds of frames the worker could not use. Each is counted separately in the stats. */
export const BAD_FRAME_KINDS = [
  'text-frame',
  'too-large',
  'not-cbor',
  'truncated',
  'bad-header',
  'bad-body',
  'bad-seq',
  'bad-car',
  'bad-record',
] as const;
export type BadFrameKind = (typeof BAD_FRAME_KINDS)[number];

/** Kinds of valid frames, counted as they arrive. */
export const FRAME_KINDS = [
  'commit',
  'identity',
  'account',
  'sync',
  'info',
  'error',
  'unknown',
] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

export type ConnectionState =
  | 'idle' // nothing asked yet
  | 'connecting' // socket opening
  | 'live' // socket open, frames flowing
  | 'waiting' // closed by the network, a reconnect is scheduled
  | 'closed' // stopped by the user
  | 'error'; // gave up: needs the user (bad relay URL, worker failure)

export interface ConnectionInfo {
  state: ConnectionState;
  /** Full subscribe URL in use, as text. */
  url: string;
  /** Reconnects since the user last pressed connect. */
  reconnects: number;
  /** Delay before the next reconnect attempt, when state is 'waiting'. */
  backoffMs: number | null;
  /** The cursor the next (re)connect resumes from: the last seq counted. */
  cursor: number | null;
  lastError: string | null;
}

/** One kind of event worth telling the user, with how often it happened. */
export interface Notice {
  level: 'info' | 'warning' | 'error';
  /** Stable machine-readable code, e.g. 'relay-error', 'outdated-cursor'. */
  code: string;
  /** Plain text for people, from the latest occurrence. May contain network bytes: text only. */
  message: string;
  /** Occurrences since counting started. */
  count: number;
  /** ISO-8601 UTC times of the first and the latest occurrence. */
  firstAt: string;
  at: string;
}

export interface Stats {
  frames: number;
  bytes: number;
  /** Frames per kind that decoded. */
  frameKinds: Record<FrameKind, number>;
  /** Frames or records per kind that did not decode. */
  badFrames: Record<BadFrameKind, number>;
  /** Post creates counted by the engine. */
  posts: number;
  /** Post creates whose record block was missing or undecodable. */
  undecodablePosts: number;
  /** Posts whose language tag was present but unusable (counted under `und`). */
  invalidLanguageTags: number;
  /** Events dropped because their seq was not after the last one counted. */
  duplicateEvents: number;
  eventsPerSecond: number;
  postsPerSecond: number;
  lastSeq: number | null;
  /** The relay's `time` of the last event counted, ISO-8601. */
  lastEventTime: string | null;
}

/** One window of the keyed count: every key with its count, highest first. */
export interface WindowCounts {
  /** 'all' = cumulative since the counting started. */
  window: string;
  total: number;
  /** [key, count] pairs sorted by count descending, then key. */
  counts: [string, number][];
}

export interface Snapshot {
  /** ISO-8601 UTC time the worker took this snapshot. */
  at: string;
  /** ISO-8601 UTC time counting started (or restarted from live). */
  since: string;
  connection: ConnectionInfo;
  stats: Stats;
  windows: WindowCounts[];
  /** One entry per notice code, the most recently raised last. */
  notices: Notice[];
}

export type PageToWorker =
  /** Open (or reopen) the firehose at this subscribe URL. Counts continue. */
  | { type: 'connect'; url: string; stallTimeoutMs?: number }
  /** Close the socket on purpose: no reconnects until 'connect'. */
  | { type: 'disconnect' }
  /** Skip the current backoff and reconnect now with the cursor. */
  | { type: 'reconnect-now' }
  /** Forget all counts and stats. */
  | { type: 'reset' };

export type WorkerToPage =
  /** Bugs are contained as notices; a worker that dies anyway shows as an error event. */
  { type: 'snapshot'; snapshot: Snapshot };

/** Stats before the first frame. */
export function emptyStats(): Stats {
  const zeroes = <K extends string>(kinds: readonly K[]) =>
    Object.fromEntries(kinds.map((kind) => [kind, 0])) as Record<K, number>;
  return {
    frames: 0,
    bytes: 0,
    frameKinds: zeroes(FRAME_KINDS),
    badFrames: zeroes(BAD_FRAME_KINDS),
    posts: 0,
    undecodablePosts: 0,
    invalidLanguageTags: 0,
    duplicateEvents: 0,
    eventsPerSecond: 0,
    postsPerSecond: 0,
    lastSeq: null,
    lastEventTime: null,
  };
}

/**
 * How often the worker may post a snapshot, at most: three a second. Each snapshot redraws the
 * page, and drawing is a large part of what the page costs above a page that only receives the
 * frames: at 2,000 frames a second the page's main thread, compositor and GPU process took about
 * 11.5 µs a frame at four snapshots a second, 1.6 with nothing drawn (tests/bench/README.md). The
 * numbers still move visibly, and a tile's glide ends long before the next snapshot.
 */
export const SNAPSHOT_INTERVAL_MS = 333;
