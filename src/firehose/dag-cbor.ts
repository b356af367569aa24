// DAG-CBOR decoding tuned for the firehose: the hot path reads every frame, so it avoids
// work whose result it never uses.

import { Token, Tokenizer, Type, tokensToObject, type DecodeOptions } from 'cborg';
import { decodeOptions } from '@ipld/dag-cbor';

const CID_TAG = 42;
const ERR = 'CBOR decode error:';

/**
 * Decode options that leave CIDs as their raw binary form (the bytes after the 0x00 prefix)
 * instead of building CID objects: the only use of a CID here is to compare it with the CID
 * bytes written in a CAR section, and building objects for every op, commit and prevData of
 * every frame would cost more than the comparison.
 */
export const lazyCidOptions = {
  ...decodeOptions,
  tags: {
    ...decodeOptions.tags,
    [CID_TAG]: (decode: () => unknown): Uint8Array => cidBytes(decode()),
  },
};

function cidBytes(bytes: unknown): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes[0] !== 0) {
    throw new Error('invalid cid: expected bytes with a leading 0x00');
  }
  return bytes.subarray(1);
}

/**
 * cborg's tokenizer with shortcuts for what fills a frame, everything else left to cborg:
 * - byte strings are views into the frame instead of `slice` copies: a commit's `blocks` CAR is
 *   ~5 KB and only a few hundred bytes of it are ever read (the frame is not reused after);
 * - a CID (tag 42 over a byte string) becomes one byte-string token holding the CID bytes, so
 *   cborg's tag machinery (two closures per tag) is not run four times per commit;
 * - short text strings, map keys above all, come from a cache instead of being decoded again:
 *   a commit holds ~24 strings, ~20 of them the same keys and values in every frame.
 * Lengths are checked as cborg's strict mode checks them: minimal encoding, enough data.
 */
class FrameTokenizer extends Tokenizer {
  constructor(options: DecodeOptions) {
    super(new Uint8Array(0), options);
  }

  reset(data: Uint8Array, start: number): void {
    this.data = data;
    this._pos = start;
  }

  override next(): Token {
    const pos = this._pos;
    const value = readInPlace(this.data, pos);
    if (value === NOT_IN_PLACE) return super.next();
    const token =
      typeof value === 'string' ? TEXT_TOKEN : typeof value === 'number' ? UINT_TOKEN : BYTES_TOKEN;
    token.value = value;
    token.encodedLength = itemEnd - pos;
    this._pos = itemEnd;
    return token;
  }
}

/** What readInPlace returns for an item it leaves to cborg. */
const NOT_IN_PLACE = Symbol('not read in place');

/**
 * The item at `pos` if it is one of the shortcuts above (a non-empty text string whose length
 * fits the header or one byte, a non-empty byte string whose length fits up to four, a CID as its
 * bytes, a safe 8-byte uint), setting `itemEnd`; else NOT_IN_PLACE. The tokenizer and
 * decodeValue both read through here.
 */
function readInPlace(
  data: Uint8Array,
  pos: number,
): string | Uint8Array | number | typeof NOT_IN_PLACE {
  const first = data[pos];
  if (first === undefined) return NOT_IN_PLACE;
  if (first > 0x60 && first <= 0x78) return readString(data, pos);
  if (first > 0x40 && first <= 0x5a) return readBytes(data, pos);
  if (first === 0xd8 && data[pos + 1] === CID_TAG && isShortBytes(data[pos + 2])) {
    return readCid(data, pos + 2);
  }
  // Relay seqs are past 2^32, so 8-byte integers, which cborg reads through BigInt.
  if (first === 0x1b && isSafeUint64(data, pos)) return readUint64(data, pos);
  return NOT_IN_PLACE;
}

// One token object per kind, refilled each time: cborg reads a string's or byte string's token
// once, right away, and keeps only its value (containers still get fresh tokens from cborg).
const TEXT_TOKEN = new Token(Type.string, '', 0);
const BYTES_TOKEN = new Token(Type.bytes, new Uint8Array(0), 0);
const UINT_TOKEN = new Token(Type.uint, 0, 0);

/**
 * Whether the 8-byte unsigned integer at `pos` (header 0x1b) is one to read here: complete, at
 * least 2^32 (minimal encoding) and below 2^53 (so its top byte is 0, the next at most 0x1f);
 * cborg reads or refuses the others.
 */
function isSafeUint64(data: Uint8Array, pos: number): boolean {
  if (pos + 9 > data.length || data[pos + 1] !== 0 || data[pos + 2]! > 0x1f) return false;
  return data[pos + 2]! > 0 || data[pos + 3]! > 0 || data[pos + 4]! > 0;
}

/** The 8-byte unsigned integer at `pos`, which isSafeUint64 accepted (so its top byte is 0). */
function readUint64(data: Uint8Array, pos: number): number {
  itemEnd = pos + 9;
  const high = (data[pos + 2]! << 16) | (data[pos + 3]! << 8) | data[pos + 4]!;
  const low =
    (data[pos + 5]! << 24) | (data[pos + 6]! << 16) | (data[pos + 7]! << 8) | data[pos + 8]!;
  return high * 2 ** 32 + (low >>> 0);
}

const isShortBytes = (first: number | undefined) =>
  first !== undefined && first >= 0x40 && first <= 0x5a;

/**
 * Where the content of the byte or text string at `pos` starts (its minor is 0 to 26), setting
 * `itemEnd` to where it ends; throws as cborg's strict mode does on a bad or truncated length.
 */
function stringStart(data: Uint8Array, pos: number): number {
  const minor = data[pos]! & 0x1f;
  let start = pos + 1;
  let length = minor;
  if (minor >= 24) {
    start = pos + HEADER_SIZE[minor - 24]!;
    if (start > data.length) throw new Error(`${ERR} not enough data for type`);
    length = 0;
    for (let i = pos + 1; i < start; i++) length = length * 256 + data[i]!;
    if (length < MINIMAL[minor - 24]!) {
      throw new Error(`${ERR} integer encoded in more bytes than necessary (strict decode)`);
    }
  }
  itemEnd = start + length;
  if (itemEnd > data.length) throw new Error(`${ERR} not enough data for type`);
  return start;
}

/** Header bytes of a string with minor 24, 25 and 26, and the least length each may carry. */
const HEADER_SIZE = [2, 3, 5];
const MINIMAL = [24, 256, 65536];

/** Where the last item read by the functions here (strings, byte strings, CIDs, uint64) ends. */
let itemEnd = 0;

/** The byte string at `pos`, as a view; its header byte is 0x41 to 0x5a. */
function readBytes(data: Uint8Array, pos: number): Uint8Array {
  const start = stringStart(data, pos);
  return data.subarray(start, itemEnd);
}

/** A CID's byte string at `pos`, without its 0x00 prefix: what `lazyCidOptions` makes of it. */
function readCid(data: Uint8Array, pos: number): Uint8Array {
  return data.subarray(cidStart(data, pos), itemEnd);
}

/** Where the binary CID in the byte string at `pos` starts, after the 0x00 prefix it must have. */
function cidStart(data: Uint8Array, pos: number): number {
  const start = stringStart(data, pos);
  if (start === itemEnd || data[start] !== 0) {
    throw new Error('invalid cid: expected bytes with a leading 0x00');
  }
  return start + 1;
}

const textDecoder = new TextDecoder();

/**
 * Short strings recently decoded, so that map keys and values like `create`, which repeat in
 * every frame, are not built again (~20 strings a frame). Two-way set-associative: a string's
 * set is picked by a hash of its bytes and it is a hit only when the bytes match; a miss evicts
 * the set's older entry, so two hot keys sharing a set cannot evict each other on every frame
 * (`ops` and `blobs` would, in a direct-mapped table). The memory is fixed, whatever the stream.
 */
const CACHE_SET_BITS = 9;
const CACHE_SETS = 1 << CACHE_SET_BITS;
const CACHED_MAX_BYTES = 16;
const cachedText: string[] = new Array<string>(CACHE_SETS * 2).fill('');
const cachedBytes = new Uint8Array(CACHE_SETS * 2 * CACHED_MAX_BYTES);
const cachedLength = new Uint8Array(CACHE_SETS * 2);

/** The text string at `pos`; its header byte is 0x61 to 0x78. */
function readString(data: Uint8Array, pos: number): string {
  const start = stringStart(data, pos);
  const end = itemEnd;
  const length = end - start;
  if (length > CACHED_MAX_BYTES) return decodeUtf8(data, start, end);
  // A cheap hash of the length and first and last bytes (Fibonacci hashing, int32 ops only)
  // sets a frame's keys apart; the two ways of a set absorb the odd collision.
  const key = (length << 16) | (data[start]! << 8) | data[end - 1]!;
  const newer = (Math.imul(key, 0x9e3779b1) >>> (32 - CACHE_SET_BITS)) * 2;
  if (isCached(newer, data, start, length)) return cachedText[newer]!;
  const older = newer + 1;
  if (isCached(older, data, start, length)) return cachedText[older]!;
  cachedText[older] = cachedText[newer]!;
  cachedLength[older] = cachedLength[newer]!;
  cachedBytes.copyWithin(
    older * CACHED_MAX_BYTES,
    newer * CACHED_MAX_BYTES,
    older * CACHED_MAX_BYTES,
  );
  const text = internalised(decodeUtf8(data, start, end));
  cachedText[newer] = text;
  cachedLength[newer] = length;
  cachedBytes.set(data.subarray(start, end), newer * CACHED_MAX_BYTES);
  return text;
}

/**
 * The engine's shared copy of `text`: property names are interned, so a string that went
 * through one is compared with the code's literal keys ('seq', 'ops') and with the other cached
 * keys by identity, instead of character by character, a dozen times a frame.
 */
function internalised(text: string): string {
  return Object.keys({ [text]: 0 })[0] ?? text;
}

function isCached(entry: number, data: Uint8Array, start: number, length: number): boolean {
  if (cachedLength[entry] !== length) return false;
  const offset = entry * CACHED_MAX_BYTES;
  for (let i = 0; i < length; i++) if (cachedBytes[offset + i] !== data[start + i]) return false;
  return true;
}

/** Reused argument lists for String.fromCharCode, one per length up to SHORT_TEXT_BYTES. */
const SHORT_TEXT_BYTES = 40;
const charCodes: number[][] = Array.from({ length: SHORT_TEXT_BYTES + 1 }, (_, length) =>
  new Array<number>(length).fill(0),
);

/**
 * UTF-8 as cborg decodes it (invalid bytes become U+FFFD). Short ASCII, which is nearly every
 * string of a frame (keys, DIDs, times, paths), is built in one String.fromCharCode call over a
 * reused list, so the string is the only allocation: below ~40 bytes TextDecoder's per-call cost
 * outweighs its speed (cborg's own cut is 32), and growing a string piece by piece makes garbage.
 */
function decodeUtf8(data: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length > SHORT_TEXT_BYTES) return textDecoder.decode(data.subarray(start, end));
  const codes = charCodes[length]!;
  for (let i = 0; i < length; i++) {
    const byte = data[start + i]!;
    if (byte >= 0x80) return textDecoder.decode(data.subarray(start, end));
    codes[i] = byte;
  }
  return String.fromCharCode.apply(null, codes);
}

/** What cborg's decodeFirst would merge per call: its default `allowUndefined`, then DAG-CBOR's. */
const options: DecodeOptions = { allowUndefined: true, ...lazyCidOptions };
/** One tokenizer for every decode: decoding is synchronous and never re-entered. */
const tokenizer = new FrameTokenizer(options);

export type CborResult<T> =
  /** `end`: where the item ends in the bytes, so the caller can read on without a new view. */
  { type: 'ok'; value: T; end: number } | { type: 'error'; truncated: boolean; message: string };

/** Which values of a map `decodeFirstItem` builds. */
export interface MapFields {
  /**
   * Keys whose values are read and checked like the others, but come back as where they start
   * in the bytes (a number), for the caller to build with textAt or bytesAt only if it needs
   * them: a commit's author and CAR matter only when it creates a post, one commit in nine.
   */
  positions?: readonly string[];
  /**
   * Keys whose values are built; the other values are read and checked, then left undefined.
   * A list, not a Set: with a handful of interned keys, comparing by identity beats hashing.
   */
  keep: readonly string[];
  /**
   * An array-valued key of which only the map elements whose text field `field` starts with
   * `prefix` (ASCII) are kept, with only their `keep` values built; the other elements are read
   * and checked, then dropped.
   */
  filter?: { key: string; field: string; prefix: string; keep: readonly string[] };
}

/**
 * Decodes the DAG-CBOR item at `start` of `bytes`, returning where it ends. Never throws.
 * With `fields`, a map item gets only the values the caller reads: most of a commit body
 * (`rev`, `since`, `commit`, `prevData`, the ops of likes and follows) need not be built at all.
 */
export function decodeFirstItem(
  bytes: Uint8Array,
  fields?: MapFields,
  start = 0,
): CborResult<unknown> {
  try {
    tokenizer.reset(bytes, start);
    const value =
      fields && isDefiniteMap(bytes[start]) ? decodeMapFields(fields, fieldKeys) : decodeItem();
    return { type: 'ok', value, end: tokenizer.pos() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { type: 'error', truncated: /not enough|content missing/.test(message), message };
  }
}

const MAP_HEADER = 0xa0;
const ARRAY_HEADER = 0x80;
const isDefiniteMap = (first: number | undefined) =>
  first !== undefined && first >= MAP_HEADER && first <= 0xbb;
const isDefiniteArray = (first: number | undefined) =>
  first !== undefined && first >= ARRAY_HEADER && first <= 0x9b;

/** The next item, with the checks of cborg's decodeFirst, which we bypass to reuse the tokenizer. */
function decodeItem(): unknown {
  const value: unknown = tokensToObject(tokenizer, options);
  if (typeof value === 'symbol') {
    throw new Error(
      `${ERR} ${value === DONE ? 'did not find any content to decode' : 'got unexpected break'}`,
    );
  }
  return value;
}

/**
 * The length of the definite map or array whose header is next (the caller checked its major
 * type), read in place when it fits the header byte, as nearly every one here does: cborg would
 * allocate a token for it.
 */
function readLength(smallest: number): number {
  const first = tokenizer.data[tokenizer._pos]!;
  if (first - smallest < 24) {
    tokenizer._pos++;
    return first - smallest;
  }
  return tokenizer.next().value as number;
}

/**
 * A map decoded as cborg does (text keys, no duplicates), building only the values `fields`
 * keeps; `keys` checks for repeats (one list per map being read at once).
 */
function decodeMapFields(fields: MapFields, keys: KeyList): Record<string, unknown> {
  const entries = readLength(MAP_HEADER);
  const map: Record<string, unknown> = {};
  // Only kept fields are set, so a body is a small object.
  for (let i = 0; i < entries; i++) {
    const key = keys.add(readKey(), i);
    if (key === fields.filter?.key) {
      setField(map, key, decodeArrayMatching(fields.filter));
    } else if (isKept(fields.keep, key)) {
      setField(map, key, decodeValue());
    } else if (fields.positions !== undefined && isKept(fields.positions, key)) {
      setField(map, key, tokenizer._pos);
      skipItem(0);
    } else {
      skipItem(0);
    }
  }
  return map;
}

/**
 * The next item; a number, boolean, null, string, byte string or CID, which is every kept value,
 * and an array of them (a post's `langs`) is read in place, the rest by cborg. The frame's hot
 * path then never runs cborg's generic decoder, whose code the browser would otherwise have to
 * compile, and makes no token objects.
 */
function decodeValue(): unknown {
  const data = tokenizer.data;
  const pos = tokenizer._pos;
  const first = data[pos];
  if (first === undefined) return decodeItem();
  if (first < 0x18) {
    tokenizer._pos = pos + 1;
    return first;
  }
  if (first >= 0x20 && first < 0x38) {
    tokenizer._pos = pos + 1;
    return 0x1f - first; // a negative integer: -1 - minor
  }
  if (first >= 0xf4 && first <= 0xf6) {
    tokenizer._pos = pos + 1;
    return first === 0xf6 ? null : first === 0xf5;
  }
  if (isDefiniteArray(first)) return decodeFlatArray();
  // The tokenizer's shortcuts without `next()`, which was one more hot function for the browser
  // to compile, with a token to fill and read back.
  const value = readInPlace(data, pos);
  if (value === NOT_IN_PLACE) return decodeItem(); // a kind left to cborg: decoded whole
  tokenizer._pos = itemEnd;
  return value;
}

/** A definite array read with decodeValue; an array inside it goes to cborg, however deep. */
function decodeFlatArray(): unknown[] {
  const length = readLength(ARRAY_HEADER);
  const values: unknown[] = [];
  for (let i = 0; i < length; i++) {
    if (tokenizer.done()) throw new Error(`${ERR} found array but not enough entries`);
    values.push(isDefiniteArray(tokenizer.data[tokenizer._pos]) ? decodeItem() : decodeValue());
  }
  return values;
}

/**
 * The keys read so far of one map, to refuse a repeat without building the map: a reused list
 * (clearing an array would free its storage, to be grown again by the next map).
 */
class KeyList {
  #keys: string[] = [];

  /** Adds the map's `index`th key (0: a new map), throwing if the map already has it. */
  add(key: string, index: number): string {
    const keys = this.#keys;
    for (let i = 0; i < index; i++) {
      if (keys[i] === key) throw new Error(`${ERR} found repeat map key "${key}"`);
    }
    keys[index] = key;
    return key;
  }
}

/** The keys of the body or record being read, and of the op in it being read. */
const fieldKeys = new KeyList();
const opKeys = new KeyList();
/** The keys of the maps being skipped, by depth below the map that skips them. */
const skippedKeys: KeyList[] = [];

const NONE_KEPT: unknown[] = Object.freeze([]) as unknown as unknown[];

/** An array keeping only its maps that `filter` matches; not an array: as is. */
function decodeArrayMatching(filter: NonNullable<MapFields['filter']>): unknown {
  if (!isDefiniteArray(tokenizer.data[tokenizer._pos])) return decodeItem();
  const length = readLength(ARRAY_HEADER);
  // Usually nothing matches: then every such array is this one, rather than a fresh empty one.
  let kept: unknown[] = NONE_KEPT;
  for (let i = 0; i < length; i++) {
    if (isDefiniteMap(tokenizer.data[tokenizer._pos])) {
      const element = decodeMapMatching(filter);
      if (element === undefined) continue;
      if (kept === NONE_KEPT) kept = [];
      kept.push(element);
    } else {
      if (tokenizer.done()) throw new Error(`${ERR} found array but not enough entries`);
      decodeItem();
    }
  }
  return kept;
}

/**
 * The next map if its text `field` starts with `prefix`; else undefined. The map is first read
 * without building anything (keys come from the string cache, values are skipped), and built
 * only when it matches: nine ops in ten are likes, reposts and follows, whose cids and actions
 * would be garbage the moment they were made.
 */
function decodeMapMatching({
  field,
  prefix,
  keep,
}: NonNullable<MapFields['filter']>): Record<string, unknown> | undefined {
  const start = tokenizer._pos;
  const entries = readLength(MAP_HEADER);
  let matches = false;
  for (let i = 0; i < entries; i++) {
    const key = opKeys.add(readKey(), i);
    if (key === field && textStartsWith(prefix)) matches = true;
    skipItem(0);
  }
  if (!matches) return undefined;
  tokenizer._pos = start;
  return decodeMapFields({ keep }, opKeys);
}

/** Whether the next item is a text string starting with the ASCII `prefix`. */
function textStartsWith(prefix: string): boolean {
  const data = tokenizer.data;
  const pos = tokenizer._pos;
  const first = data[pos]!;
  if (first <= 0x60 || first > 0x78) return false;
  const start = stringStart(data, pos);
  if (itemEnd - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (data[start + i] !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/** The next map key, read directly when a short text string (always, here). */
function readKey(): string {
  const data = tokenizer.data;
  const pos = tokenizer._pos;
  const first = data[pos];
  let key: string;
  if (first === undefined) throw new Error(`${ERR} found map but not enough entries`);
  if (first > 0x60 && first <= 0x78) {
    key = readString(data, pos);
    tokenizer._pos = itemEnd;
  } else {
    const item = decodeItem();
    if (typeof item !== 'string') throw new Error(`${ERR} non-string keys not supported`);
    key = item;
  }
  if (tokenizer.done()) throw new Error(`${ERR} found map but not enough entries`);
  return key;
}

function isKept(keep: readonly string[], key: string): boolean {
  for (let i = 0; i < keep.length; i++) if (keep[i] === key) return true;
  return false;
}

function setField(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    // As cborg does: a plain assignment would set the prototype instead of adding a field.
    Object.defineProperty(map, key, {
      value,
      configurable: true,
      enumerable: true,
      writable: true,
    });
  } else {
    map[key] = value;
  }
}

/**
 * Reads past the next item, `depth` maps below the one that skips it. Strings, byte strings,
 * CIDs and integers are only measured and checked, maps and arrays walked in place (a post's
 * text, facets and embed, a CAR header's roots), so nothing is built; what is left (floats, other
 * tags, 8-byte lengths) goes to cborg.
 */
function skipItem(depth: number): void {
  const data = tokenizer.data;
  const pos = tokenizer._pos;
  const first = data[pos]!;
  if (isTextAt(data, pos) || isShortBytes(first)) {
    // Any length: a post's text over 255 bytes is only measured too, not decoded by cborg.
    stringStart(data, pos);
    tokenizer._pos = itemEnd;
  } else if (first === 0xd8 && data[pos + 1] === CID_TAG && isShortBytes(data[pos + 2])) {
    cidStart(data, pos + 2);
    tokenizer._pos = itemEnd;
  } else if (first < 0x18 || (first >= 0x20 && first < 0x38) || (first >= 0xf4 && first <= 0xf6)) {
    // A small integer, false, true or null (an op's `prev` of a create): one byte.
    tokenizer._pos = pos + 1;
  } else if (isWideInteger(first)) {
    // A facet's byte offsets, an image's aspect ratio: 20 of them in the 150 captured frames.
    tokenizer._pos = wideIntegerEnd(data, pos);
  } else if (isDefiniteMap(first)) {
    const entries = readLength(MAP_HEADER);
    const keys = (skippedKeys[depth] ??= new KeyList());
    for (let i = 0; i < entries; i++) {
      keys.add(readKey(), i);
      skipItem(depth + 1);
    }
  } else if (isDefiniteArray(first)) {
    const length = readLength(ARRAY_HEADER);
    for (let i = 0; i < length; i++) {
      if (tokenizer.done()) throw new Error(`${ERR} found array but not enough entries`);
      skipItem(depth);
    }
  } else {
    decodeItem();
  }
}

/** An integer of major type 0 or 1 whose value follows its header in 1, 2, 4 or 8 bytes. */
const isWideInteger = (first: number) =>
  (first >= 0x18 && first <= 0x1b) || (first >= 0x38 && first <= 0x3b);

/**
 * Where the integer at `pos` (isWideInteger) ends, checked as cborg's strict mode checks it:
 * enough data, and no more bytes than the value needs (one byte holds 24 or more; two, four or
 * eight bytes have a non-zero upper half).
 */
function wideIntegerEnd(data: Uint8Array, pos: number): number {
  const size = 1 << ((data[pos]! & 0x1f) - 24);
  const end = pos + 1 + size;
  if (end > data.length) throw new Error(`${ERR} not enough data for type`);
  if (size === 1 ? data[pos + 1]! < 24 : isZero(data, pos + 1, pos + 1 + size / 2)) {
    throw new Error(`${ERR} integer encoded in more bytes than necessary (strict decode)`);
  }
  return end;
}

function isZero(data: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (data[i] !== 0) return false;
  return true;
}

/**
 * The text string at `start` of `bytes`, which a decode has already read and checked there (see
 * MapFields.positions); null if the item there is not a text string.
 */
export function textAt(bytes: Uint8Array, start: number): string | null {
  if (!isTextAt(bytes, start)) return null;
  const contentStart = stringStart(bytes, start);
  return decodeUtf8(bytes, contentStart, itemEnd);
}

/** Whether the item at `start` of `bytes` is a text string textAt can read. */
export function isTextAt(bytes: Uint8Array, start: number): boolean {
  const first = bytes[start];
  return first !== undefined && first >= 0x60 && first <= 0x7a;
}

/** The byte string at `start` of `bytes`, as a view, like textAt; null if it is not one. */
export function bytesAt(bytes: Uint8Array, start: number): Uint8Array | null {
  if (!isShortBytes(bytes[start])) return null;
  const contentStart = stringStart(bytes, start);
  return bytes.subarray(contentStart, itemEnd);
}

const DONE = Symbol.for('DONE');

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}
