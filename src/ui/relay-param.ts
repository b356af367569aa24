// The `?relay=` query parameter: where the page connects on load, and a shareable link after.

import { DEFAULT_RELAY } from '../firehose/relay-url';

export const RELAY_PARAM = 'relay';
export const STALL_PARAM = 'stall';

/** Beyond an hour a "stall" watchdog watches nothing; below 0.1 s every gap would trip it. */
const STALL_MIN_SECONDS = 0.1;
const STALL_MAX_SECONDS = 3600;

/** The relay the page should use: `?relay=` verbatim when present (even empty), else the default. */
export function relayFromSearch(search: string): string {
  return new URLSearchParams(search).get(RELAY_PARAM) ?? DEFAULT_RELAY;
}

/** `search` with `?relay=` set to what the user typed; the default relay needs no parameter. */
export function searchWithRelay(search: string, relay: string): string {
  const params = new URLSearchParams(search);
  if (relay === DEFAULT_RELAY) params.delete(RELAY_PARAM);
  else params.set(RELAY_PARAM, relay);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * `?stall=` seconds as the worker's stall timeout in ms, or undefined for the worker's default
 * when absent or out of range (a bad value must not stop the page from connecting).
 */
export function stallTimeoutFromSearch(search: string): number | undefined {
  const text = new URLSearchParams(search).get(STALL_PARAM);
  if (text === null || text.trim() === '') return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < STALL_MIN_SECONDS || seconds > STALL_MAX_SECONDS) {
    return undefined;
  }
  return Math.round(seconds * 1000);
}
