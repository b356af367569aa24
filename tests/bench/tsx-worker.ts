import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module. Node 20 does not run `--import tsx` in worker
 * threads, so the worker starts from a one-line module that registers tsx and then loads it.
 */
export function tsxWorker(module: URL, workerData: unknown): Worker {
  const entry = new URL(
    'data:text/javascript,' +
      encodeURIComponent(
        `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};` +
          ` register(); await import(${JSON.stringify(module.href)});`,
      ),
  );
  return new Worker(entry, { workerData });
}
