// atproto TIDs (record keys and revs): 53 bits of microseconds then 10 bits of clock id, in
// base32-sortable, so generated rkeys and revs sort by time like real ones.

const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';

export function tid(micros: number, clockId = 0): string {
  // 64-bit arithmetic through BigInt: microseconds since 1970 already exceed 2^50.
  let value = (BigInt(Math.floor(micros)) << 10n) | BigInt(clockId & 0x3ff);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET.charAt(Number(value & 31n)) + out;
    value >>= 5n;
  }
  return out;
}

export function tidFromTime(time: string, offsetMicros = 0, clockId = 0): string {
  return tid(Date.parse(time) * 1000 + offsetMicros, clockId);
}
