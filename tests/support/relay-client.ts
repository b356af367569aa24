// A bare subscriber for tests of the relay itself (the app's worker is tested elsewhere):
// connect, gather messages until the relay closes, a count is reached, or it goes quiet.

import { WebSocket, type RawData } from 'ws';
import { frameSeq } from './frame-codec.ts';
import { SUBSCRIBE_PATH } from './test-relay.ts';

export interface CollectOptions {
  cursor?: number | null;
  /** Stop (closing from our side) once this many messages have arrived. */
  count?: number;
  /** Stop when nothing arrives for this long; the relay holds sockets open by default. */
  idleMs?: number;
  /** Give up, failing, after this long. */
  timeoutMs?: number;
  /** Replaces the subscribe path, e.g. to test that other paths are refused. */
  path?: string;
}

export interface Collected {
  messages: Array<Uint8Array | string>;
  /** `frameSeq` of each message, null for seqless or undecodable ones. */
  seqs: Array<number | null>;
  /** 1006 when the relay dropped the socket without a close frame; null if we closed. */
  closeCode: number | null;
  closeReason: string;
}

export function collectFrames(url: string, options: CollectOptions = {}): Promise<Collected> {
  const { cursor = null, count, idleMs = 200, timeoutMs = 10_000 } = options;
  const query = cursor === null ? '' : `?cursor=${cursor}`;
  const ws = new WebSocket(`${url}${options.path ?? SUBSCRIBE_PATH}${query}`);
  const messages: Array<Uint8Array | string> = [];

  return new Promise<Collected>((resolve, reject) => {
    let byUs = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = (): void => {
      byUs = true;
      ws.close();
    };
    const armIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(finish, idleMs);
    };
    const deadline = setTimeout(() => {
      ws.terminate();
      reject(new Error(`collectFrames timed out after ${messages.length} messages`));
    }, timeoutMs);

    ws.on('open', armIdle);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      // Frames still in flight after we decided to stop are not part of the result.
      if (byUs) return;
      messages.push(isBinary ? toBytes(data) : data.toString());
      if (count !== undefined && messages.length >= count) finish();
      else armIdle();
    });
    ws.on('unexpected-response', (_request, response) => {
      clearTimeout(deadline);
      reject(new Error(`HTTP ${response.statusCode}`));
    });
    ws.on('error', (error) => {
      clearTimeout(deadline);
      clearTimeout(idle);
      reject(error);
    });
    ws.on('close', (code, reason) => {
      clearTimeout(deadline);
      clearTimeout(idle);
      resolve({
        messages,
        seqs: messages.map((message) => frameSeq(message)),
        closeCode: byUs ? null : code,
        closeReason: reason.toString(),
      });
    });
  });
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data);
}
