// Words for the connection states, and which one the page shows when its own problems
// (a bad relay URL, a dead worker) outrank what the worker last said.

import type { ConnectionState, Snapshot } from '../worker/protocol';

const WORDS: Record<ConnectionState, string> = {
  idle: 'idle',
  connecting: 'connecting',
  live: 'live',
  waiting: 'waiting to reconnect',
  closed: 'closed',
  error: 'error',
};

export function stateWord(state: ConnectionState): string {
  return WORDS[state];
}

export interface PageConditions {
  snapshot: Snapshot | null;
  /** Set while the relay URL the user asked for is invalid. */
  relayError: string | null;
  /** Set while the worker is dead and a restart is pending. */
  workerDown: boolean;
}

export function displayedState({
  snapshot,
  relayError,
  workerDown,
}: PageConditions): ConnectionState {
  if (workerDown) return 'error';
  const state = snapshot?.connection.state ?? 'idle';
  // An invalid URL only means "error" when nothing else is running; a live stream stays live.
  if (relayError !== null && (state === 'idle' || state === 'closed')) return 'error';
  return state;
}
