// Manual testing against a local relay, with `npm run dev` in another terminal:
//   npx tsx tests/support/relay-cli.ts --generate 20000 --rate 500 --port 8787
//   npx tsx tests/support/relay-cli.ts --capture --rate 500
// then open http://localhost:5173/?relay=ws://127.0.0.1:8787

import { parseArgs } from 'node:util';
import { generateEvents } from './event-generator.ts';
import { CAPTURE_FIRST_SEQ, readCapture, resequence } from './frame-codec.ts';
import { startTestRelay, type RelayFaults } from './test-relay.ts';

const USAGE = `usage: relay-cli.ts (--generate N | --capture) [options]
  --generate N          serve N generated events (seeded), then hold the socket open
  --capture             replay the real 150-frame capture forever, resequenced, as a live stream
  --rate R              frames per second (default: unlimited for --generate, 500 for --capture)
  --port P              default 8787
  --seed S              generator seed (default 1)
  --start-seq N         first seq (default 1 for --generate, the capture's own for --capture)
  --filler BYTES        per-frame MST filler for --generate (default: realistic, ~5 KB frames)
  --disconnect-every N  drop each connection after N frames
  --duplicate-every N   send every Nth frame twice`;

/** Frames kept for cursor replay in --capture mode, like a relay's backfill window. */
const CAPTURE_RETAIN = 20_000;
const CAPTURE_TICK_MS = 100;

const { values } = parseArgs({
  options: {
    generate: { type: 'string' },
    capture: { type: 'boolean', default: false },
    rate: { type: 'string' },
    port: { type: 'string', default: '8787' },
    seed: { type: 'string', default: '1' },
    'start-seq': { type: 'string' },
    filler: { type: 'string' },
    'disconnect-every': { type: 'string' },
    'duplicate-every': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const number = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`not a number: ${value}`);
  return parsed;
};

if (values.help || (values.generate === undefined) === !values.capture) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

const faults: RelayFaults = {};
const disconnectEvery = number(values['disconnect-every']);
const duplicateEvery = number(values['duplicate-every']);
if (disconnectEvery !== undefined) faults.disconnectEvery = disconnectEvery;
if (duplicateEvery !== undefined) faults.duplicateEvery = duplicateEvery;
const port = number(values.port) ?? 8787;

if (values.capture) {
  const capture = readCapture();
  const rate = number(values.rate) ?? 500;
  let seq = number(values['start-seq']) ?? CAPTURE_FIRST_SEQ;
  let produced = 0;
  // The relay sends as fast as frames arrive; this clock decides when they arrive.
  const relay = await startTestRelay({ port, faults });
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    const batch: Uint8Array[] = [];
    const time = new Date().toISOString();
    for (; produced < due; produced++) {
      const frame = capture[produced % capture.length];
      if (frame !== undefined) batch.push(resequence(frame, seq++, time));
    }
    relay.appendFrames(batch, { retain: CAPTURE_RETAIN });
  }, CAPTURE_TICK_MS);
  announce(relay.url, `live capture replay at ${rate} frames/s`);
  onExit(async () => {
    clearInterval(timer);
    await relay.close();
  });
} else {
  const count = number(values.generate) ?? 0;
  const seed = number(values.seed) ?? 1;
  const fillerBytes = number(values.filler);
  const started = performance.now();
  const { frames, expected } = generateEvents({
    count,
    seed,
    startSeq: number(values['start-seq']) ?? 1,
    ...(fillerBytes === undefined ? {} : { fillerBytes }),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const rate = number(values.rate);
  const relay = await startTestRelay({
    frames,
    faults,
    port,
    ...(rate === undefined ? {} : { rate }),
  });
  const top = Object.entries(expected.byKey)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
  announce(relay.url, `${count} generated events (seed ${seed}, built in ${seconds} s)`);
  console.log(
    `expected: ${expected.posts} posts, ${expected.invalidTags} invalid tags, ` +
      `${expected.undecodable} undecodable; seq ${frames.length > 0 ? 'up to ' + expected.lastSeq : 'none'}`,
  );
  console.log(`by key: ${top}`);
  onExit(() => relay.close());
}

function announce(url: string, what: string): void {
  console.log(`test relay: ${url}  (${what})`);
  console.log(`open:       http://localhost:5173/?relay=${url}`);
}

function onExit(cleanup: () => Promise<void>): void {
  const stop = (): void => {
    void cleanup().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
