import { describe, it, expect } from 'vitest';
import { DEFAULT_RELAY } from '../firehose/relay-url';
import { relayFromSearch, searchWithRelay, stallTimeoutFromSearch } from './relay-param';

describe('relayFromSearch', () => {
  it('defaults to the public relay', () => {
    expect(relayFromSearch('')).toBe(DEFAULT_RELAY);
    expect(relayFromSearch('?other=1')).toBe(DEFAULT_RELAY);
  });

  it('reads ?relay= verbatim, decoded, even when empty', () => {
    expect(relayFromSearch('?relay=ws://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787');
    expect(relayFromSearch('?relay=wss%3A%2F%2Fexample.com%2Fx')).toBe('wss://example.com/x');
    expect(relayFromSearch('?relay=')).toBe('');
  });
});

describe('searchWithRelay', () => {
  it('sets the relay and keeps other parameters', () => {
    expect(searchWithRelay('?a=1', 'ws://127.0.0.1:8787')).toBe(
      '?a=1&relay=ws%3A%2F%2F127.0.0.1%3A8787',
    );
    expect(relayFromSearch(searchWithRelay('', 'ws://x/?y=1&z'))).toBe('ws://x/?y=1&z');
  });

  it('drops the parameter for the default relay', () => {
    expect(searchWithRelay('?relay=ws://x', DEFAULT_RELAY)).toBe('');
    expect(searchWithRelay('?relay=ws://x&a=1', DEFAULT_RELAY)).toBe('?a=1');
  });
});

describe('stallTimeoutFromSearch', () => {
  it('turns ?stall= seconds into milliseconds', () => {
    expect(stallTimeoutFromSearch('?stall=1.5')).toBe(1500);
    expect(stallTimeoutFromSearch('?relay=ws://x&stall=30')).toBe(30_000);
  });

  it('leaves the default to the worker when absent or unusable', () => {
    for (const search of [
      '',
      '?stall=',
      '?stall=abc',
      '?stall=0',
      '?stall=-5',
      '?stall=1e9',
      '?stall=Infinity',
    ]) {
      expect(stallTimeoutFromSearch(search)).toBeUndefined();
    }
  });
});
