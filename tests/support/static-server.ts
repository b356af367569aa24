// Serves the built app from a sub-path, as a static host would, to prove the relative base.

import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface StaticServer {
  /** The app's URL, ending in the sub-path with a trailing slash. */
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(
  root: string,
  subPath = '/some/sub/path/',
): Promise<StaticServer> {
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (!path.startsWith(subPath)) {
      response.writeHead(404).end('not under the sub-path');
      return;
    }
    const relative = normalize(path.slice(subPath.length) || 'index.html');
    if (relative.startsWith('..')) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(
        join(root, relative.endsWith('/') ? `${relative}index.html` : relative),
      );
      response.writeHead(200, {
        'content-type': MIME[extname(relative)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${subPath}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
