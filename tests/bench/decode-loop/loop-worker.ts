// The decode loop in a Chromium dedicated worker, as the app's pipeline runs in one.

/// <reference lib="webworker" />

import { splitFrames, timeLoops } from './passes.ts';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<ArrayBuffer>) => {
  self.postMessage(timeLoops(splitFrames(event.data)));
};
