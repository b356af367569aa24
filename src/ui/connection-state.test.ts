import { describe, it, expect } from 'vitest';
import type { ConnectionState, Snapshot } from '../worker/protocol';
import { displayedState, stateWord } from './connection-state';

function withState(state: ConnectionState): Snapshot {
  return { connection: { state } } as Snapshot;
}

describe('displayedState', () => {
  it('shows the worker state when the page has no problem', () => {
    expect(displayedState({ snapshot: null, relayError: null, workerDown: false })).toBe('idle');
    expect(
      displayedState({ snapshot: withState('waiting'), relayError: null, workerDown: false }),
    ).toBe('waiting');
  });

  it('shows error for an invalid relay while nothing runs, and for a dead worker', () => {
    expect(displayedState({ snapshot: null, relayError: 'bad', workerDown: false })).toBe('error');
    expect(
      displayedState({ snapshot: withState('closed'), relayError: 'bad', workerDown: false }),
    ).toBe('error');
    expect(
      displayedState({ snapshot: withState('live'), relayError: 'bad', workerDown: false }),
    ).toBe('live');
    expect(
      displayedState({ snapshot: withState('live'), relayError: null, workerDown: true }),
    ).toBe('error');
  });

  it('has words for people', () => {
    expect(stateWord('waiting')).toBe('waiting to reconnect');
    expect(stateWord('live')).toBe('live');
  });
});
