// The decode loop in a Node worker thread: its own heap, apart from the Vite build that the
// bench runs in its main thread first.

import { parentPort, workerData } from 'node:worker_threads';
import { splitFrames, timeLoops } from './passes.ts';

parentPort!.postMessage(timeLoops(splitFrames((workerData as { file: ArrayBuffer }).file)));
