// A seeded, realistic firehose: mostly likes, reposts and follows, ~11% post creates, with the
// language tags (good, odd and hostile) that the counter must key correctly. The ground truth is
// computed here, at generation time, from the records actually written into the frames.

import {
  POST,
  accountFrame,
  commitFrame,
  identityFrame,
  postRecord,
  base32,
  type CommitOpSpec,
} from './frame-builder.ts';
import { expectedLanguageKey } from './language-ground-truth.ts';
import { createRandom, type Random } from './prng.ts';
import { tidFromTime } from './tid.ts';

export interface GenerateOptions {
  count: number;
  seed: number;
  startSeq: number;
  /** Share of events that are post-create commits; 0.11 like the real network. */
  postShare?: number;
  /** Per-frame MST filler; drawn from 2500..5500 (about 5 KB frames) when left out. */
  fillerBytes?: number;
  /** `time` of the first event; later events are 3 ms apart. */
  startTime?: string;
}

export interface ExpectedCounts {
  /** Post creates whose record decodes: the number the app must count. */
  posts: number;
  /** Counted posts by canonical language key; sums to `posts`. */
  byKey: Record<string, number>;
  /** Counted posts whose tag was present but unusable (they are under `und`). */
  invalidTags: number;
  /** Post creates whose record block is missing from the CAR: not in `posts`. */
  undecodable: number;
  /** Frames of each kind, and the last seq, for stream-level assertions. */
  commits: number;
  identity: number;
  account: number;
  lastSeq: number;
}

export interface GeneratedEvents {
  frames: Uint8Array[];
  expected: ExpectedCounts;
}

type Langs = unknown[] | undefined;

/** Common tags, roughly in the proportions the real network shows. */
const COMMON_LANGS: readonly (readonly [Langs, number])[] = [
  [['en'], 40],
  [['ja'], 18],
  [['pt'], 9],
  [['de'], 4],
  [['es'], 4],
  [['ko'], 3],
  [['fr'], 2.5],
  [['tr'], 2],
  [['ru'], 1.5],
  [['zh'], 1],
  [['en-US', 'en'], 1],
  [['es', 'en'], 0.5],
  [undefined, 5],
];

/**
 * Tags that need care. Each is forced once early in every stream, then drawn at its weight;
 * their keys come from `expectedLanguageKey`, not from this table.
 */
const EDGE_LANGS: readonly (readonly [Langs, number])[] = [
  [['EN'], 0.4],
  [['en-us'], 0.4],
  [['pt_BR'], 0.4],
  [['iw'], 0.2],
  [[' ja '], 0.1],
  [['zh-Hant-TW'], 0.2],
  [[], 0.6],
  [[42, 'en'], 0.2],
  [['en-x-aaaaaaaa-bbbbbbbb-cccccccc-dddddddd-eeeeeeee-ffffffff-gggggggg'], 0.1],
  [['x'.repeat(80)], 0.1],
  [['jaja'], 0.2],
  [['123'], 0.1],
  [['<img src=x onerror=alert(1)>'], 0.1],
  [['=HYPERLINK("x")'], 0.1],
  [['+1'], 0.05],
  [['-2'], 0.05],
  [['@a'], 0.05],
];

const ALL_LANGS = [...COMMON_LANGS, ...EDGE_LANGS];

const TEXTS: Record<string, readonly string[]> = {
  en: ['good morning everyone', 'this is fine', 'new blog post is up', 'what a game last night'],
  ja: ['おはようございます', '今日はいい天気ですね', '新しい絵を描きました'],
  pt: ['bom dia pessoal', 'que jogo ontem', 'alguém sabe disso?'],
  de: ['guten Morgen zusammen', 'schönes Wochenende'],
  ko: ['안녕하세요', '오늘 날씨 좋네요'],
  other: ['hola a todos', 'bonjour à tous', 'günaydın', 'привет всем', '大家好', '🦋'],
};

/** Everything except posts, by weight; deletes of likes are as common as on the network. */
const OTHER_KINDS: readonly (readonly [string, number])[] = [
  ['app.bsky.feed.like', 62],
  ['app.bsky.feed.repost', 12],
  ['app.bsky.graph.follow', 12],
  ['app.bsky.graph.block', 2],
  ['app.bsky.graph.listitem', 2],
  ['delete:app.bsky.feed.like', 4],
  ['update:app.bsky.actor.profile', 1],
];

export function generateEvents(options: GenerateOptions): GeneratedEvents {
  const { count, seed, startSeq } = options;
  const postShare = options.postShare ?? 0.11;
  const startMs = Date.parse(options.startTime ?? '2026-07-04T14:38:07.000Z');
  const random = createRandom(seed);
  const dids = Array.from({ length: 512 }, () => `did:plc:${base32(random, 24)}`);
  const forcedEdges = edgePlacements();

  const frames: Uint8Array[] = [];
  const expected: ExpectedCounts = {
    posts: 0,
    byKey: {},
    invalidTags: 0,
    undecodable: 0,
    commits: 0,
    identity: 0,
    account: 0,
    lastSeq: startSeq + count - 1,
  };
  let postIndex = 0;
  let postCommitIndex = 0;

  const countPost = (langs: Langs, missing: boolean): void => {
    if (missing) {
      expected.undecodable++;
      return;
    }
    const { key, invalid } = expectedLanguageKey(langs);
    expected.posts++;
    expected.byKey[key] = (expected.byKey[key] ?? 0) + 1;
    if (invalid) expected.invalidTags++;
  };

  for (let i = 0; i < count; i++) {
    const seq = startSeq + i;
    const time = new Date(startMs + i * 3).toISOString();
    const repo = random.pick(dids);
    const fillerBytes = options.fillerBytes ?? random.int(2500, 5500);
    const roll = random.next();
    const rkey = (offset: number): string => tidFromTime(time, offset, random.int(0, 1023));

    if (roll < postShare) {
      const ops: CommitOpSpec[] = [];
      const omitBlocksFor: number[] = [];
      // The second post commit always holds two identical records: one CID, one block, two posts.
      if (postCommitIndex === 1) {
        const langs = pickLangs(random, forcedEdges, postIndex++);
        const record = postRecord(textFor(random, langs), time, langs);
        ops.push({ action: 'create', collection: POST, rkey: rkey(-2), record });
        ops.push({ action: 'create', collection: POST, rkey: rkey(-1), record });
        countPost(langs, false);
        countPost(langs, false);
      } else {
        const posts = random.chance(0.04) ? 2 : 1;
        for (let p = 0; p < posts; p++) {
          const index = postIndex++;
          const langs = pickLangs(random, forcedEdges, index);
          // The fourth post is always undecodable, so small streams still cover the case.
          const missing = index === 3 || random.chance(0.015);
          const text = `${textFor(random, langs)} #${index}`;
          if (missing) omitBlocksFor.push(ops.length);
          ops.push({
            action: 'create',
            collection: POST,
            rkey: rkey(p - posts),
            record: postRecord(text, time, langs),
          });
          countPost(langs, missing);
        }
      }
      postCommitIndex++;
      frames.push(commitFrame({ seq, repo, time, ops, omitBlocksFor, fillerBytes }));
      expected.commits++;
    } else if (roll < postShare + 0.006) {
      // Edits and deletes of posts: post ops that are not new posts.
      const action = random.chance(0.3) ? 'update' : 'delete';
      const record = postRecord('edited', time, ['en']);
      const ops: CommitOpSpec[] = [
        { action, collection: POST, rkey: rkey(-random.int(1, 9e9)), record },
      ];
      frames.push(commitFrame({ seq, repo, time, ops, fillerBytes }));
      expected.commits++;
    } else if (roll < postShare + 0.008) {
      const handle = random.chance(0.7) ? `user${random.int(1, 99999)}.bsky.social` : undefined;
      frames.push(identityFrame({ seq, did: repo, time, ...(handle ? { handle } : {}) }));
      expected.identity++;
    } else if (roll < postShare + 0.009) {
      const active = random.chance(0.8);
      const status = active ? undefined : random.pick(['deactivated', 'takendown', 'deleted']);
      frames.push(accountFrame({ seq, did: repo, time, active, ...(status ? { status } : {}) }));
      expected.account++;
    } else {
      const kind = random.weighted(OTHER_KINDS);
      const [action, collection] = kind.includes(':') ? kind.split(':') : ['create', kind];
      const op = {
        action: action as CommitOpSpec['action'],
        collection: collection ?? kind,
        rkey: action === 'update' ? 'self' : rkey(action === 'delete' ? -random.int(1, 9e9) : 0),
      };
      frames.push(commitFrame({ seq, repo, time, ops: [op], fillerBytes }));
      expected.commits++;
    }
  }
  return { frames, expected };
}

/**
 * Post indexes at which each edge tag is forced: early and fixed, so any stream of about 600
 * events covers them all and a longer stream starts with the same frames as a shorter one.
 */
function edgePlacements(): Map<number, Langs> {
  const placements = new Map<number, Langs>();
  EDGE_LANGS.forEach(([langs], j) => placements.set(5 + j * 3, langs));
  return placements;
}

function pickLangs(random: Random, forced: Map<number, Langs>, index: number): Langs {
  return forced.has(index) ? forced.get(index) : random.weighted(ALL_LANGS);
}

function textFor(random: Random, langs: Langs): string {
  const first = Array.isArray(langs) ? langs[0] : undefined;
  const texts = (typeof first === 'string' ? TEXTS[first] : undefined) ?? TEXTS['other'] ?? [];
  return texts.length > 0 ? random.pick(texts) : 'hello';
}
