// Strict DAG-CBOR, read in place. The frame decoders walk each message once with one reader:
// they build the few values they use and pass over the rest, which the reader checks as
// @ipld/dag-cbor would (definite and minimal lengths and integers, text map keys without
// repeats, tag 42 over bytes starting 0x00, no undefined) without building anything. What real
// frames never hold (floats, other tags and simple values, 8-byte lengths) goes to cborg with
// @ipld/dag-cbor's options, which decodes it or throws the error @ipld/dag-cbor would.

import { Tokenizer, tokensToObject, type DecodeOptions } from 'cborg';
import { decodeOptions } from '@ipld/dag-cbor';

/** What `DagCborReader.next` read: CBOR's major types 0 to 5, then these. */
export const UINT = 0;
export const NEGATIVE = 1;
export const BYTES = 2;
export const TEXT = 3;
export const ARRAY = 4;
export const MAP = 5;
/** Tag 42 over a byte string: DAG-CBOR's only tag. */
export const CID = 6;
/** false, true or null. */
export const SIMPLE = 7;
/** Anything else, decoded by cborg. */
export const OTHER = 8;

const ERR = 'CBOR decode error:';
const CID_TAG = 42;
const CID_TAG_HEAD = 0xd8; // tag with a one-byte number: 0xd8 0x2a
/** The head byte of a text string of length 0; lengths up to 23 are added to it. */
const SHORT_TEXT = 0x60;
const FALSE = 0xf4;
const NULL = 0xf6;
/** The least argument a head may carry in one, two and four bytes (minors 24, 25 and 26). */
const LEAST_ARGUMENT = [24, 256, 65536];
const CID_PREFIX_ERROR = 'invalid cid: expected bytes with a leading 0x00';

/**
 * @ipld/dag-cbor's decode options, leaving a CID as its binary form (the bytes after the 0x00
 * prefix), as the reader does: a CID is only ever compared with the CID bytes in a CAR.
 */
const options: DecodeOptions = {
  ...decodeOptions,
  tags: {
    ...decodeOptions.tags,
    [CID_TAG]: (decode: () => unknown): Uint8Array => {
      const bytes = decode();
      if (!(bytes instanceof Uint8Array) || bytes[0] !== 0) throw new Error(CID_PREFIX_ERROR);
      return bytes.subarray(1);
    },
  },
};

/** Why a decode failed; `truncated` when the bytes ended early rather than being wrong. */
export interface CborFailure {
  truncated: boolean;
  message: string;
}

/** What a reader threw, as data for the decoders' error variants. */
export function cborFailure(error: unknown): CborFailure {
  const message = error instanceof Error ? error.message : String(error);
  return { truncated: /not enough|content missing/.test(message), message };
}

/**
 * A cursor over DAG-CBOR bytes with one primitive, `next`, which reads past any item, checks
 * it, and says what it was. Everything else is built on it.
 *
 * Why one primitive: the browser compiles each hot function with the small functions it calls
 * copied in, so a helper called from five places is compiled five times. Compiling was most of
 * what the decoder cost a page over a 40,000-frame burst (tests/bench/README.md); `next` is too
 * large to be copied and is compiled once.
 */
export class DagCborReader {
  data: Uint8Array;
  pos: number;
  /** After `next` read a string, byte string or CID: where its content starts (ends at `pos`). */
  start = 0;
  /**
   * After `next` read an integer: its argument (the value, or -1 - the value if negative),
   * exact up to 2^53.
   */
  argument = 0;
  /** After `next` read false, true or null: its byte. */
  simple = 0;
  /** After `next` returned OTHER: what cborg decoded. */
  decoded: unknown = undefined;
  /** The keys of the maps being read, outermost first, to refuse a repeated key. */
  readonly #maps: MapKeys[] = [];
  #depth = 0;

  constructor(data: Uint8Array = new Uint8Array(0), pos = 0) {
    this.data = data;
    this.pos = pos;
  }

  /** Starts over on other bytes, forgetting any map left half read by a throw. */
  reset(data: Uint8Array, pos = 0): this {
    this.data = data;
    this.pos = pos;
    this.decoded = undefined;
    this.#depth = 0;
    return this;
  }

  /** The major type of the next item, without reading it; -1 at the end of the bytes. */
  peekMajor(): number {
    const first = this.data[this.pos];
    return first === undefined ? -1 : first >> 5;
  }

  /**
   * Reads past the next item, checking it, and returns its kind (UINT ... OTHER). Maps and
   * arrays are walked (a post's text, facets and embed, a CAR header's roots), strings of any
   * length only measured: nothing is built.
   */
  next(): number {
    const { data, pos } = this;
    const first = data[pos];
    if (first === undefined) return this.#byCborg(); // throws: no item here
    const major = first >> 5;
    const minor = first & 0x1f;
    if (major <= MAP && minor < 27) {
      const argument = this.#head(minor);
      const end = this.pos;
      if (major <= NEGATIVE) {
        this.argument = argument;
      } else if (major <= TEXT) {
        this.start = end;
        this.pos = end + argument;
        if (this.pos > data.length) throw new Error(`${ERR} not enough data for type`);
      } else if (major === ARRAY) {
        for (let i = argument; i > 0; i--) {
          this.checkElement();
          this.next();
        }
      } else {
        this.#enter();
        for (let i = argument; i > 0; i--) {
          this.key(NO_NAMES);
          this.next();
        }
        this.leaveMap();
      }
      return major;
    }
    if (major <= NEGATIVE && minor === 27) {
      // Relay seqs are past 2^32, where DAG-CBOR spends eight bytes on an integer.
      const end = pos + 9;
      if (end > data.length) throw new Error(`${ERR} not enough data for type`);
      const high = uint32At(data, pos + 1);
      if (high === 0) {
        throw new Error(`${ERR} integer encoded in more bytes than necessary (strict decode)`);
      }
      // Rounded beyond 2^53, where value() leaves the integer to cborg (a bigint).
      this.argument = high * 2 ** 32 + uint32At(data, pos + 5);
      this.pos = end;
      return major;
    }
    if (first === CID_TAG_HEAD && data[pos + 1] === CID_TAG) {
      // A CID: tag 42 over a byte string that starts with 0x00 (the identity multibase).
      this.pos = pos + 2;
      const isBytes = this.peekMajor() === BYTES && this.next() === BYTES;
      if (isBytes && this.pos > this.start && data[this.start] === 0) {
        this.start++;
        return CID;
      }
      this.pos = pos;
      this.#byCborg(); // cborg's error for what follows the tag, else the one below
      throw new Error(CID_PREFIX_ERROR);
    }
    if (first >= FALSE && first <= NULL) {
      this.simple = first;
      this.pos = pos + 1;
      return SIMPLE;
    }
    return this.#byCborg();
  }

  /**
   * Builds the next item: integers, strings, byte strings (as views), CIDs (their binary form),
   * booleans, null and arrays of these in place, the rest by cborg.
   */
  value(): unknown {
    const at = this.pos;
    const first = this.data[at];
    if (first !== undefined && first >> 5 === ARRAY && (first & 0x1f) < 27) {
      const values: unknown[] = [];
      for (let i = this.enterArray(); i > 0; i--) {
        this.checkElement();
        values.push(this.value());
      }
      return values;
    }
    const kind = this.next();
    if (kind === TEXT) return decodeUtf8(this.data, this.start, this.pos);
    if (kind === BYTES || kind === CID) return this.data.subarray(this.start, this.pos);
    if ((kind === UINT || kind === NEGATIVE) && this.argument < 2 ** 53) {
      return kind === UINT ? this.argument : -1 - this.argument;
    }
    if (kind === SIMPLE) return this.simple === NULL ? null : this.simple !== FALSE;
    if (kind === OTHER) return this.decoded;
    // A map, or an integer beyond 2^53 (a bigint): read and checked above, built by cborg.
    this.pos = at;
    this.#byCborg();
    return this.decoded;
  }

  /**
   * Reads the head of a definite map and returns its number of entries. Read each entry with
   * `key` and then its value, and call `leaveMap` after the last.
   */
  enterMap(): number {
    const entries = this.#length(MAP);
    this.#enter();
    return entries;
  }

  leaveMap(): void {
    this.#depth--;
  }

  /** Reads the head of a definite array and returns its length: then read that many items. */
  enterArray(): number {
    return this.#length(ARRAY);
  }

  /** Throws as cborg does when an array's next element is missing. */
  checkElement(): void {
    if (this.pos >= this.data.length) throw new Error(`${ERR} found array but not enough entries`);
  }

  /**
   * Reads the next key of the map being read, which must be text and new to the map, and
   * returns its number in `names`, or -1 if it is none of them: one call matches every name,
   * so the comparison is compiled once, not once per name.
   */
  key(names: KeyNames): number {
    const { data, pos } = this;
    if (pos >= data.length) throw new Error(`${ERR} found map but not enough entries`);
    const first = data[pos]!;
    // Keys under 24 bytes (all of the firehose's) have their length in the head byte. Reading
    // it here spares every key a call to next() and its dispatch: 15% fewer instructions a
    // frame, JIT included (callgrind).
    if (first >= SHORT_TEXT && first < SHORT_TEXT + 24) {
      this.start = pos + 1;
      this.pos = this.start + first - SHORT_TEXT;
      if (this.pos > data.length) throw new Error(`${ERR} not enough data for type`);
    } else if (this.next() !== TEXT) {
      throw new Error(`${ERR} non-string keys not supported`);
    }
    this.#maps[this.#depth - 1]!.add(this.data, this.start, this.pos);
    if (this.pos >= this.data.length) throw new Error(`${ERR} found map but not enough entries`);
    const bucket = Math.min(this.pos - this.start, LONG_NAMES);
    for (let n = names.firstOfLength[bucket]!; n >= 0; n = names.nextOfLength[n]!) {
      if (this.contentEquals(names.bytes[n]!)) return n;
    }
    return -1;
  }

  /** Whether the last string read is `text` (ASCII). */
  contentEquals(text: Uint8Array): boolean {
    return this.pos - this.start === text.length && this.contentStartsWith(text);
  }

  /** Whether the last string read starts with `prefix` (ASCII). */
  contentStartsWith(prefix: Uint8Array): boolean {
    const { data, start } = this;
    if (this.pos - start < prefix.length) return false;
    for (let i = 0; i < prefix.length; i++) if (data[start + i] !== prefix[i]) return false;
    return true;
  }

  #enter(): void {
    (this.#maps[this.#depth++] ??= new MapKeys()).clear();
  }

  /** The length in the head of a definite array or map (MAP or ARRAY), read past the head. */
  #length(kind: number): number {
    const first = this.data[this.pos];
    if (first === undefined || first >> 5 !== kind || (first & 0x1f) > 26) {
      this.#byCborg(); // its error for an indefinite or 8-byte length, else the one below
      throw new Error(`${ERR} expected a definite ${kind === MAP ? 'map' : 'array'}`);
    }
    return this.#head(first & 0x1f);
  }

  /**
   * Reads past the head at `pos`, whose minor is 0 to 26, and returns its argument (an
   * integer's value, anything else's length), checked as cborg's strict mode checks it: enough
   * bytes, and no more of them than the value needs.
   */
  #head(minor: number): number {
    const { data, pos } = this;
    if (minor < 24) {
      this.pos = pos + 1;
      return minor;
    }
    const end = pos + 1 + (1 << (minor - 24)); // one, two or four bytes
    if (end > data.length) throw new Error(`${ERR} not enough data for type`);
    let argument = 0;
    for (let i = pos + 1; i < end; i++) argument = argument * 256 + data[i]!;
    if (argument < LEAST_ARGUMENT[minor - 24]!) {
      throw new Error(`${ERR} integer encoded in more bytes than necessary (strict decode)`);
    }
    this.pos = end;
    return argument;
  }

  /** The next item as cborg decodes it (OTHER), for the kinds the reader leaves to cborg. */
  #byCborg(): number {
    const tokenizer = new Tokenizer(this.data, options);
    tokenizer._pos = this.pos;
    const value: unknown = tokensToObject(tokenizer, options);
    if (typeof value === 'symbol') {
      const what = value === DONE ? 'did not find any content to decode' : 'got unexpected break';
      throw new Error(`${ERR} ${what}`);
    }
    this.pos = tokenizer.pos();
    this.decoded = value;
    return OTHER;
  }
}

const DONE = Symbol.for('DONE');
/** KeyNames' one bucket for all names of this length or longer (no firehose key is). */
const LONG_NAMES = 24;

/**
 * The map keys a decoder wants (ASCII), chained by length: a key is compared only with the
 * names of its own length, none to three of them, instead of with every name in turn. That
 * loop held 13% of a Node CPU profile's samples of the pipeline, and 2% once chained.
 */
export class KeyNames {
  /** The names as ASCII bytes, in the order `key` numbers them. */
  readonly bytes: readonly Uint8Array[];
  /** The first name of each length (names of LONG_NAMES bytes or more share one), or -1. */
  readonly firstOfLength = new Int8Array(LONG_NAMES + 1).fill(-1);
  /** The next name after each one in its length's chain, or -1. */
  readonly nextOfLength: Int8Array;

  constructor(names: readonly string[]) {
    if (names.length > 127) throw new Error('too many key names for an Int8Array chain');
    this.bytes = names.map(ascii);
    this.nextOfLength = new Int8Array(names.length).fill(-1);
    for (let n = names.length - 1; n >= 0; n--) {
      const bucket = Math.min(this.bytes[n]!.length, LONG_NAMES);
      this.nextOfLength[n] = this.firstOfLength[bucket]!;
      this.firstOfLength[bucket] = n;
    }
  }
}

const NO_NAMES = new KeyNames([]);

function uint32At(data: Uint8Array, at: number): number {
  return data[at]! * 2 ** 24 + data[at + 1]! * 2 ** 16 + data[at + 2]! * 2 ** 8 + data[at + 3]!;
}

/**
 * The keys read so far of one map. DAG-CBOR writes a map's keys sorted (shorter first, then
 * bytewise), so a key that sorts after the one before it cannot repeat any: one comparison a
 * key. A map out of that order (cborg accepts it) is checked against a set of all its keys.
 */
class MapKeys {
  #lastStart = -1;
  #lastEnd = -1;
  /** Every key so far, once the map has left DAG-CBOR's order. */
  #seen: Set<string> | null = null;
  /**
   * Where each key so far starts and ends, to fill `#seen` if the order breaks: reused, with a
   * count of its own (emptying an array frees its storage, to be grown again by the next map).
   */
  readonly #bounds: number[] = [];
  #boundsLength = 0;

  clear(): void {
    this.#lastStart = -1;
    this.#seen = null;
    this.#boundsLength = 0;
  }

  /** Adds the key in `start`..`end` of `data`, throwing if the map already has it. */
  add(data: Uint8Array, start: number, end: number): void {
    if (this.#seen === null && this.#sortsAfterLast(data, start, end)) {
      this.#bounds[this.#boundsLength++] = start;
      this.#bounds[this.#boundsLength++] = end;
    } else {
      this.#addUnordered(data, decodeUtf8(data, start, end));
    }
    this.#lastStart = start;
    this.#lastEnd = end;
  }

  #sortsAfterLast(data: Uint8Array, start: number, end: number): boolean {
    const lastStart = this.#lastStart;
    if (lastStart < 0) return true;
    const length = end - start;
    const lastLength = this.#lastEnd - lastStart;
    if (length !== lastLength) return length > lastLength;
    for (let i = 0; i < length; i++) {
      const difference = data[start + i]! - data[lastStart + i]!;
      if (difference !== 0) return difference > 0;
    }
    return false; // the same key
  }

  #addUnordered(data: Uint8Array, key: string): void {
    if (this.#seen === null) {
      this.#seen = new Set();
      for (let i = 0; i < this.#boundsLength; i += 2) {
        this.#seen.add(decodeUtf8(data, this.#bounds[i]!, this.#bounds[i + 1]!));
      }
    }
    if (this.#seen.has(key)) throw new Error(`${ERR} found repeat map key "${key}"`);
    this.#seen.add(key);
  }
}

/** ASCII text as the bytes a reader compares keys and strings with. */
export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

const textDecoder = new TextDecoder();
/** Reused argument lists for String.fromCharCode, one per length up to SHORT_TEXT_BYTES. */
const SHORT_TEXT_BYTES = 40;
const charCodes: number[][] = Array.from({ length: SHORT_TEXT_BYTES + 1 }, (_, length) =>
  new Array<number>(length).fill(0),
);

/**
 * UTF-8 as cborg decodes it (invalid bytes become U+FFFD). Short ASCII, which is nearly every
 * string a frame has built (times, DIDs, language tags), is made in one String.fromCharCode
 * call over a reused list, so the string is the only allocation: below ~40 bytes TextDecoder's
 * per-call cost outweighs its speed (cborg's own cut is 32).
 */
export function decodeUtf8(data: Uint8Array, start: number, end: number): string {
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

const lookup = new DagCborReader();

/**
 * The text string at `at` in `bytes`, an item a reader has already checked there (see
 * frame.ts's positions); null if the item there is not text.
 */
export function textAt(bytes: Uint8Array, at: number): string | null {
  const reader = lookup.reset(bytes, at);
  return reader.next() === TEXT ? decodeUtf8(bytes, reader.start, reader.pos) : null;
}

/** The byte string at `at` in `bytes`, as a view, like textAt; null if it is not one. */
export function bytesAt(bytes: Uint8Array, at: number): Uint8Array | null {
  const reader = lookup.reset(bytes, at);
  return reader.next() === BYTES ? bytes.subarray(reader.start, reader.pos) : null;
}
