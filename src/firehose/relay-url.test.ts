import { describe, expect, it } from 'vitest';
import { parseRelayUrl, withCursor } from './relay-url';

describe('parseRelayUrl', () => {
  it('appends the subscribe path to a base url', () => {
    expect(parseRelayUrl('wss://bsky.network')).toEqual({
      type: 'ok',
      url: 'wss://bsky.network/xrpc/com.atproto.sync.subscribeRepos',
    });
    expect(parseRelayUrl(' ws://127.0.0.1:8080/ ')).toEqual({
      type: 'ok',
      url: 'ws://127.0.0.1:8080/xrpc/com.atproto.sync.subscribeRepos',
    });
  });

  it('uses a full subscribe url as is', () => {
    const url = 'wss://relay.example/xrpc/com.atproto.sync.subscribeRepos';
    expect(parseRelayUrl(url)).toEqual({ type: 'ok', url });
  });

  it('refuses other schemes, garbage, credentials and over-long urls', () => {
    for (const input of [
      'https://bsky.network',
      'javascript:alert(1)',
      'bsky.network',
      '<img src=x>',
      '',
      'wss://user:pw@bsky.network',
      'wss://bsky.network/' + 'a'.repeat(2048),
    ]) {
      expect(parseRelayUrl(input)).toMatchObject({ type: 'error' });
    }
  });
});

describe('withCursor', () => {
  it('sets and removes the cursor', () => {
    const base = 'ws://127.0.0.1:1/xrpc/com.atproto.sync.subscribeRepos';
    expect(withCursor(base, 42)).toBe(`${base}?cursor=42`);
    expect(withCursor(`${base}?cursor=42`, null)).toBe(base);
  });
});
