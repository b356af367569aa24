// Deterministic builders for real subscribeRepos frames, good and deliberately broken.
// Same arguments, same bytes: randomness (signatures, MST filler) is seeded from seq and repo.

import * as dagCbor from '@ipld/dag-cbor';
import { decodeFirst } from 'cborg';
import type { CID } from 'multiformats/cid';
import { cidFromDigestBytes, dagCborBlock, encodeCar, rawBlock, type Block } from './car-blocks.ts';
import { encodeFrame } from './frame-codec.ts';
import { createRandom, seedFrom, type Random } from './prng.ts';
import { tidFromTime } from './tid.ts';

export const DEFAULT_REPO = 'did:plc:testrelayfixture2222222a';
export const DEFAULT_TIME = '2026-07-04T14:38:07.000Z';
/** Filler that makes a one-op commit about the capture's 5.4 KB average. */
export const DEFAULT_FILLER_BYTES = 4500;
/** A frame just over the size a consumer should refuse (5,000,000 bytes). */
export const OVERSIZE_BYTES = 5_000_000;

export type OpAction = 'create' | 'update' | 'delete';

export interface CommitOpSpec {
  action: OpAction;
  collection: string;
  rkey: string;
  /** For create and update; a plausible record for the collection when left out. */
  record?: object;
}

export interface CommitFrameOptions {
  seq: number;
  repo?: string;
  time?: string;
  ops: CommitOpSpec[];
  /** Op indexes whose record block is left out of the CAR (the op still names its CID). */
  omitBlocksFor?: number[];
  /** Approximate bytes of MST-node blocks added to the CAR; 0 for small, fast frames. */
  fillerBytes?: number;
  rev?: string;
  since?: string | null;
}

export const POST = 'app.bsky.feed.post';

export function postRecord(text: string, createdAt: string, langs?: unknown): object {
  const record: Record<string, unknown> = { $type: POST, text, createdAt };
  // dag-cbor refuses `undefined`, and "no langs key" is a case tests need.
  if (langs !== undefined) record['langs'] = langs;
  return record;
}

export function commitFrame(options: CommitFrameOptions): Uint8Array {
  return encodeFrame({ op: 1, t: '#commit' }, commitBody(options));
}

/** The `#commit` body as a plain object, for builders that then break one field. */
export function commitBody(
  options: CommitFrameOptions,
  extraBlocks: readonly Block[] = [],
): Record<string, unknown> {
  const repo = options.repo ?? DEFAULT_REPO;
  const time = options.time ?? DEFAULT_TIME;
  const random = createRandom(seedFrom('commit', options.seq, repo));
  const rev = options.rev ?? tidFromTime(time, options.seq % 1000, random.int(0, 1023));
  const omitted = new Set(options.omitBlocksFor ?? []);

  const recordBlocks: Block[] = [];
  const missing = new Set<string>();
  const ops = options.ops.map((op, index) => {
    const path = `${op.collection}/${op.rkey}`;
    const prev = op.action === 'create' ? {} : { prev: randomCid(random) };
    if (op.action === 'delete') return { action: op.action, path, cid: null, ...prev };
    const block = dagCborBlock(op.record ?? defaultRecord(op.collection, time, random));
    if (omitted.has(index)) missing.add(block.cid.toString());
    recordBlocks.push(block);
    return { action: op.action, path, cid: block.cid, ...prev };
  });
  const shipped = recordBlocks.filter((block) => !missing.has(block.cid.toString()));

  const mst = mstFiller(
    random,
    options.fillerBytes ?? DEFAULT_FILLER_BYTES,
    recordBlocks.map((block) => block.cid),
  );
  const commit = signedCommitBlock(repo, rev, mst.root ?? randomCid(random), random);
  // Real relays put the MST path first, then records, then the commit block.
  const blocks = encodeCar([commit.cid], [...mst.blocks, ...shipped, ...extraBlocks, commit]);

  return {
    seq: options.seq,
    rebase: false,
    tooBig: false,
    repo,
    commit: commit.cid,
    rev,
    since: options.since === undefined ? tidFromTime(time, -60_000_000) : options.since,
    blocks,
    ops,
    blobs: [],
    time,
    prevData: randomCid(random),
  };
}

export function identityFrame(options: {
  seq: number;
  did?: string;
  time?: string;
  handle?: string;
}): Uint8Array {
  const body: Record<string, unknown> = {
    seq: options.seq,
    did: options.did ?? DEFAULT_REPO,
    time: options.time ?? DEFAULT_TIME,
  };
  if (options.handle !== undefined) body['handle'] = options.handle;
  return encodeFrame({ op: 1, t: '#identity' }, body);
}

export function accountFrame(options: {
  seq: number;
  did?: string;
  time?: string;
  active?: boolean;
  status?: string;
}): Uint8Array {
  const body: Record<string, unknown> = {
    seq: options.seq,
    did: options.did ?? DEFAULT_REPO,
    time: options.time ?? DEFAULT_TIME,
    active: options.active ?? true,
  };
  if (options.status !== undefined) body['status'] = options.status;
  return encodeFrame({ op: 1, t: '#account' }, body);
}

export function syncFrame(options: {
  seq: number;
  did?: string;
  time?: string;
  rev?: string;
}): Uint8Array {
  const did = options.did ?? DEFAULT_REPO;
  const time = options.time ?? DEFAULT_TIME;
  const random = createRandom(seedFrom('sync', options.seq, did));
  const rev = options.rev ?? tidFromTime(time, options.seq % 1000);
  const commit = signedCommitBlock(did, rev, randomCid(random), random);
  return encodeFrame(
    { op: 1, t: '#sync' },
    { seq: options.seq, did, blocks: encodeCar([commit.cid], [commit]), rev, time },
  );
}

/** `#info` carries no seq: the relay sends it in order, outside the cursor arithmetic. */
export function infoFrame(name: string, message?: string): Uint8Array {
  return encodeFrame({ op: 1, t: '#info' }, message === undefined ? { name } : { name, message });
}

export function errorFrame(error: string, message?: string): Uint8Array {
  return encodeFrame({ op: -1 }, message === undefined ? { error } : { error, message });
}

export function unknownTypeFrame(seq: number, t = '#notYetInvented'): Uint8Array {
  return encodeFrame({ op: 1, t }, { seq, did: DEFAULT_REPO, time: DEFAULT_TIME });
}

// ---- Broken frames, one per kind of failure a consumer must survive and count. ----

export interface BadCommitOptions {
  repo?: string;
  time?: string;
}

/** Fails at the first byte: 0xff is a CBOR "break" with nothing to break out of. */
export function notCborFrame(): Uint8Array {
  return Uint8Array.from([0xff, 0xfe, 0x1c, 0x00, 0x42, 0x13, 0x37]);
}

/** The header decodes, the body stops halfway. */
export function truncatedFrame(goodFrame: Uint8Array): Uint8Array {
  const [, body] = decodeFirst(goodFrame, dagCbor.decodeOptions);
  const headerLength = goodFrame.length - body.length;
  return goodFrame.slice(0, headerLength + Math.max(1, Math.floor(body.length / 2)));
}

export type BadHeaderKind = 'array' | 'op-not-int' | 'missing-t' | 'not-map';

/** Valid CBOR and a valid commit body, under a header that is not `{op, t}`. */
export function badHeaderFrame(kind: BadHeaderKind = 'array', seq = 1): Uint8Array {
  const headers: Record<BadHeaderKind, unknown> = {
    array: [1, '#commit'],
    'op-not-int': { op: 'x', t: '#commit' },
    'missing-t': { op: 1 },
    'not-map': 'op=1 t=#commit',
  };
  return encodeFrame(headers[kind], commitBody({ seq, ops: [postOp(seq)], fillerBytes: 0 }));
}

export type BadBodyKind = 'not-map' | 'missing-fields';

/** A good `#commit` header over a body that is not a commit. */
export function badBodyFrame(seq = 1, kind: BadBodyKind = 'not-map'): Uint8Array {
  const body = kind === 'not-map' ? seq : { seq, repo: DEFAULT_REPO, time: DEFAULT_TIME };
  return encodeFrame({ op: 1, t: '#commit' }, body);
}

export type BadSeqKind = 'negative' | 'string' | 'float';

/** A complete post commit whose seq is not a non-negative integer. */
export function badSeqFrame(kind: BadSeqKind = 'negative'): Uint8Array {
  const values: Record<BadSeqKind, unknown> = { negative: -5, string: '31527015322', float: 1.5 };
  const body = commitBody({ seq: 1, ops: [postOp(1)], fillerBytes: 0 });
  return encodeFrame({ op: 1, t: '#commit' }, { ...body, seq: values[kind] });
}

export type BadCarKind = 'garbage' | 'truncated';

/** A post create whose `blocks` is not a readable CAR. */
export function badCarFrame(
  seq: number,
  options: BadCommitOptions & { kind?: BadCarKind } = {},
): Uint8Array {
  const { kind, ...where } = options;
  const body = commitBody({ seq, ...where, ops: [postOp(seq)], fillerBytes: 0 });
  const car = body['blocks'] as Uint8Array;
  // 'n' (0x6e) reads as a 110-byte header length, more than the text that follows.
  const garbage = new TextEncoder().encode('not a CAR file, just bytes');
  const blocks = kind === 'truncated' ? car.slice(0, car.length - 20) : garbage;
  return encodeFrame({ op: 1, t: '#commit' }, { ...body, blocks });
}

/**
 * A post create whose record block is not DAG-CBOR, yet whose CID is honest: sha-256 over
 * those very bytes. The CAR reads fine; only decoding the record fails.
 */
export function badRecordFrame(seq: number, options: BadCommitOptions = {}): Uint8Array {
  const repo = options.repo ?? DEFAULT_REPO;
  const time = options.time ?? DEFAULT_TIME;
  const random = createRandom(seedFrom('bad-record', seq, repo));
  // `{"$type": <break>}`: a map whose only value is a stray break code.
  const record = rawBlock(Uint8Array.from([0xa1, 0x65, 0x24, 0x74, 0x79, 0x70, 0x65, 0xff]));
  const rev = tidFromTime(time, seq % 1000);
  const commit = signedCommitBlock(repo, rev, randomCid(random), random);
  const rkey = tidFromTime(time, seq % 1000, 1);
  return encodeFrame(
    { op: 1, t: '#commit' },
    {
      seq,
      rebase: false,
      tooBig: false,
      repo,
      commit: commit.cid,
      rev,
      since: null,
      blocks: encodeCar([commit.cid], [record, commit]),
      ops: [{ action: 'create', path: `${POST}/${rkey}`, cid: record.cid }],
      blobs: [],
      time,
    },
  );
}

/** A valid post commit carrying one huge block, so the frame exceeds `bytes`. */
export function oversizeFrame(seq: number, bytes: number = OVERSIZE_BYTES + 4096): Uint8Array {
  const pad = dagCborBlock({ pad: new Uint8Array(bytes) });
  return encodeFrame(
    { op: 1, t: '#commit' },
    commitBody({ seq, ops: [postOp(seq)], fillerBytes: 0 }, [pad]),
  );
}

// ---- Shared pieces. ----

function postOp(seq: number): CommitOpSpec {
  const rkey = tidFromTime(DEFAULT_TIME, seq % 1000, 7);
  return {
    action: 'create',
    collection: POST,
    rkey,
    record: postRecord('hello', DEFAULT_TIME, ['en']),
  };
}

function randomCid(random: Random): CID {
  return cidFromDigestBytes(random.bytes(32));
}

function signedCommitBlock(did: string, rev: string, data: CID, random: Random): Block {
  // The signature is never verified by the consumer under test, only carried.
  return dagCborBlock({ did, rev, sig: random.bytes(64), data, prev: null, version: 3 });
}

function defaultRecord(collection: string, createdAt: string, random: Random): object {
  const subject = {
    uri: `at://did:plc:${base32(random, 24)}/${POST}/${tidFromTime(createdAt, -random.int(1, 9e9))}`,
    cid: randomCid(random).toString(),
  };
  switch (collection) {
    case POST:
      return postRecord('hello', createdAt, ['en']);
    case 'app.bsky.feed.like':
    case 'app.bsky.feed.repost':
      return { $type: collection, subject, createdAt };
    case 'app.bsky.graph.follow':
    case 'app.bsky.graph.block':
      return { $type: collection, subject: `did:plc:${base32(random, 24)}`, createdAt };
    default:
      return { $type: collection, createdAt };
  }
}

export function base32(random: Random, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet.charAt(random.int(0, 31));
  return out;
}

/**
 * MST-shaped node blocks (`{e: [{k, p, t, v}], l}`), so frames have the size and shape of real
 * commits. Inner nodes come from a fixed pool (building ~6 fresh nodes per frame made 20,000
 * frames take 14 s); only the root, which lists the op records' CIDs, is built per commit.
 */
function mstFiller(
  random: Random,
  targetBytes: number,
  values: CID[],
): { root: CID | null; blocks: Block[] } {
  if (targetBytes <= 0) return { root: null, blocks: [] };
  const pool = fillerPool();
  const inner: Block[] = [];
  let total = 0;
  let index = random.int(0, pool.length - 1);
  while (total < targetBytes - 300 && inner.length < pool.length) {
    const node = pool[index % pool.length];
    if (node === undefined) break;
    inner.push(node);
    total += node.bytes.length;
    index++;
  }
  const entries = values.map((v, i) => mstEntry(random, i === 0, v));
  if (entries.length === 0) entries.push(mstEntry(random, true, randomCid(random)));
  const root = dagCborBlock({ e: entries, l: inner[0]?.cid ?? null });
  // Root first, as a relay walks the tree top-down.
  return { root: root.cid, blocks: [root, ...inner] };
}

let pool: Block[] | null = null;

function fillerPool(): Block[] {
  if (pool !== null) return pool;
  const random = createRandom(seedFrom('mst-filler-pool'));
  const nodes: Block[] = [];
  let below: CID | null = null;
  for (let n = 0; n < 64; n++) {
    const entries: Record<string, unknown>[] = [];
    const count = random.int(4, 14);
    for (let i = 0; i < count; i++) entries.push(mstEntry(random, i === 0, randomCid(random)));
    const node = dagCborBlock({ e: entries, l: below });
    nodes.push(node);
    below = node.cid;
  }
  pool = nodes;
  return pool;
}

const utf8 = new TextEncoder();

function mstEntry(random: Random, first: boolean, v: CID): Record<string, unknown> {
  const k = utf8.encode(
    first ? `app.bsky.feed.like/${base32(random, 13)}` : base32(random, random.int(6, 12)),
  );
  const t = random.chance(0.6) ? randomCid(random) : null;
  return { k, p: first ? 0 : random.int(19, 26), t, v };
}
