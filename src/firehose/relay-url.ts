// Turns what a person typed (or `?relay=`) into the subscribeRepos URL, or says why not.

export const DEFAULT_RELAY = 'wss://bsky.network';
export const SUBSCRIBE_PATH = '/xrpc/com.atproto.sync.subscribeRepos';
export const MAX_RELAY_URL_LENGTH = 2048;

export type RelayUrl = { type: 'ok'; url: string } | { type: 'error'; message: string };

export function parseRelayUrl(input: string): RelayUrl {
  const text = input.trim();
  if (text.length === 0) return { type: 'error', message: 'relay url is empty' };
  if (text.length > MAX_RELAY_URL_LENGTH) {
    return {
      type: 'error',
      message: `relay url is ${text.length} characters, more than ${MAX_RELAY_URL_LENGTH}`,
    };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { type: 'error', message: 'relay url is not a url, e.g. wss://bsky.network' };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return {
      type: 'error',
      message: `relay url must start with ws:// or wss://, not ${url.protocol}//`,
    };
  }
  if (url.username || url.password) {
    return { type: 'error', message: 'relay url must not carry a user name or password' };
  }
  url.hash = '';
  if (!url.pathname.endsWith(SUBSCRIBE_PATH)) {
    url.pathname = url.pathname.replace(/\/+$/, '') + SUBSCRIBE_PATH;
  }
  return { type: 'ok', url: url.toString() };
}

/** The subscribe URL with the resume cursor set (or removed). */
export function withCursor(subscribeUrl: string, cursor: number | null): string {
  const url = new URL(subscribeUrl);
  if (cursor === null) url.searchParams.delete('cursor');
  else url.searchParams.set('cursor', String(cursor));
  return url.toString();
}
