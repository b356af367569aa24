import * as dagCbor from '@ipld/dag-cbor';
import { CarBufferReader } from '@ipld/car/buffer-reader';
import { decodeFirst } from 'cborg';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { describe, expect, it } from 'vitest';
import {
  POST,
  accountFrame,
  badBodyFrame,
  badCarFrame,
  badHeaderFrame,
  badRecordFrame,
  badSeqFrame,
  commitFrame,
  errorFrame,
  identityFrame,
  infoFrame,
  notCborFrame,
  oversizeFrame,
  postRecord,
  syncFrame,
  truncatedFrame,
  unknownTypeFrame,
} from './frame-builder.ts';
import { decodeFrame, frameSeq } from './frame-codec.ts';

interface CommitOp {
  action: string;
  path: string;
  cid: CID | null;
}
interface Commit {
  seq: number;
  commit: CID;
  blocks: Uint8Array;
  ops: CommitOp[];
}

/** Decodes a commit frame and checks every CAR block against an independent sha-256. */
async function openCommit(frame: Uint8Array) {
  const { header, body } = decodeFrame(frame);
  expect(header).toEqual({ op: 1, t: '#commit' });
  const commit = body as Commit;
  const car = CarBufferReader.fromBytes(commit.blocks);
  expect(car.getRoots().map(String)).toEqual([commit.commit.toString()]);
  for (const block of car.blocks()) {
    const digest = await sha256.digest(block.bytes);
    expect(CID.createV1(0x71, digest).equals(block.cid)).toBe(true);
  }
  return { commit, car };
}

const post = (rkey: string, langs?: unknown) => ({
  action: 'create' as const,
  collection: POST,
  rkey,
  record: postRecord(`post ${rkey}`, '2026-07-04T14:38:07.000Z', langs),
});

describe('commitFrame', () => {
  it('builds a real commit: signed commit block, record blocks, MST filler', async () => {
    const frame = commitFrame({ seq: 7, ops: [post('3aaa', ['ja'])], fillerBytes: 4500 });
    expect(frame.length).toBeGreaterThan(4000);
    expect(frame.length).toBeLessThan(7000);
    const { commit, car } = await openCommit(frame);
    expect(commit.seq).toBe(7);
    expect(commit.blocks.length / frame.length).toBeGreaterThan(0.85);

    const root = dagCbor.decode<Record<string, unknown>>(
      car.get(commit.commit)?.bytes ?? new Uint8Array(),
    );
    expect(root).toMatchObject({ version: 3, prev: null });
    const [op] = commit.ops;
    expect(op?.path).toBe(`${POST}/3aaa`);
    const record = car.get(op?.cid ?? commit.commit);
    expect(dagCbor.decode(record?.bytes ?? new Uint8Array())).toMatchObject({ langs: ['ja'] });
  });

  it('is deterministic', () => {
    const options = { seq: 9, ops: [post('3bbb', ['en'])] };
    expect(commitFrame(options)).toEqual(commitFrame(options));
  });

  it('stores identical records once, under one CID', async () => {
    const record = postRecord('same', '2026-07-04T14:38:07.000Z', ['de']);
    const ops = ['3a', '3b'].map((rkey) => ({
      action: 'create' as const,
      collection: POST,
      rkey,
      record,
    }));
    const { commit, car } = await openCommit(commitFrame({ seq: 1, ops, fillerBytes: 0 }));
    const [a, b] = commit.ops;
    expect(a?.cid?.equals(b?.cid)).toBe(true);
    const shared = car.blocks().filter((block) => a?.cid?.equals(block.cid));
    expect(shared).toHaveLength(1);
  });

  it('leaves out the blocks named by omitBlocksFor, and gives deletes no CID', async () => {
    const ops = [
      post('3a', ['en']),
      post('3b', ['fr']),
      { action: 'delete' as const, collection: POST, rkey: '3c' },
    ];
    const { commit, car } = await openCommit(
      commitFrame({ seq: 1, ops, omitBlocksFor: [1], fillerBytes: 0 }),
    );
    const [kept, omitted, deleted] = commit.ops;
    expect(car.has(kept?.cid ?? commit.commit)).toBe(true);
    expect(omitted?.cid).toBeInstanceOf(CID);
    expect(car.has(omitted?.cid ?? commit.commit)).toBe(false);
    expect(deleted?.cid).toBeNull();
  });
});

describe('other frame kinds', () => {
  it('build the bodies of the spec', async () => {
    expect(
      decodeFrame(identityFrame({ seq: 2, did: 'did:plc:x', handle: 'a.test' })),
    ).toMatchObject({
      header: { op: 1, t: '#identity' },
      body: { seq: 2, did: 'did:plc:x', handle: 'a.test' },
    });
    expect(decodeFrame(accountFrame({ seq: 3, active: false, status: 'deleted' }))).toMatchObject({
      header: { op: 1, t: '#account' },
      body: { seq: 3, active: false, status: 'deleted' },
    });
    const sync = decodeFrame(syncFrame({ seq: 4 }));
    expect(sync.header).toEqual({ op: 1, t: '#sync' });
    expect(
      CarBufferReader.fromBytes((sync.body as { blocks: Uint8Array }).blocks).blocks(),
    ).toHaveLength(1);
    expect(decodeFrame(infoFrame('OutdatedCursor', 'old'))).toEqual({
      header: { op: 1, t: '#info' },
      body: { name: 'OutdatedCursor', message: 'old' },
    });
    expect(decodeFrame(errorFrame('FutureCursor'))).toEqual({
      header: { op: -1 },
      body: { error: 'FutureCursor' },
    });
    expect(decodeFrame(unknownTypeFrame(5, '#labels')).header).toEqual({ op: 1, t: '#labels' });
    expect(frameSeq(unknownTypeFrame(5))).toBe(5);
  });
});

describe('bad frames', () => {
  it('not CBOR: the header does not decode', () => {
    expect(() => decodeFirst(notCborFrame(), dagCbor.decodeOptions)).toThrow();
  });

  it('truncated: the header decodes, the body does not', () => {
    const frame = truncatedFrame(commitFrame({ seq: 1, ops: [post('3a')] }));
    const [header, rest] = decodeFirst(frame, dagCbor.decodeOptions);
    expect(header).toEqual({ op: 1, t: '#commit' });
    expect(() => dagCbor.decode(rest)).toThrow();
  });

  it('bad header: valid CBOR that is not {op, t}', () => {
    expect(decodeFrame(badHeaderFrame()).header).toEqual([1, '#commit']);
    expect(decodeFrame(badHeaderFrame('op-not-int')).header).toEqual({ op: 'x', t: '#commit' });
    expect(decodeFrame(badHeaderFrame('missing-t')).header).toEqual({ op: 1 });
  });

  it('bad body and bad seq', () => {
    expect(decodeFrame(badBodyFrame(3)).body).toBe(3);
    expect(decodeFrame(badBodyFrame(3, 'missing-fields')).body).not.toHaveProperty('blocks');
    expect(decodeFrame(badSeqFrame()).body).toMatchObject({ seq: -5 });
    expect(decodeFrame(badSeqFrame('string')).body).toMatchObject({ seq: '31527015322' });
    expect(decodeFrame(badSeqFrame('float')).body).toMatchObject({ seq: 1.5 });
    expect(frameSeq(badSeqFrame('float'))).toBeNull();
  });

  it('bad CAR: the frame decodes, its blocks do not', () => {
    for (const kind of ['garbage', 'truncated'] as const) {
      const { body } = decodeFrame(badCarFrame(8, { kind }));
      expect((body as Commit).ops[0]?.path.startsWith(`${POST}/`)).toBe(true);
      expect(() => CarBufferReader.fromBytes((body as Commit).blocks)).toThrow();
    }
  });

  it('bad record: honest CID over bytes that are not DAG-CBOR', async () => {
    const { commit, car } = await openCommit(badRecordFrame(8));
    const [op] = commit.ops;
    expect(op?.action).toBe('create');
    const block = car.get(op?.cid ?? commit.commit);
    expect(block).toBeDefined();
    expect(() => dagCbor.decode(block?.bytes ?? new Uint8Array())).toThrow();
  });

  it('oversize: over 5,000,000 bytes and still a valid commit', async () => {
    const frame = oversizeFrame(9);
    expect(frame.length).toBeGreaterThan(5_000_000);
    const { commit } = await openCommit(frame);
    expect(commit.seq).toBe(9);
  });
});
