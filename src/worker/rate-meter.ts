// Events per second over a short trailing window, in O(1) memory whatever the rate.

const BUCKET_MS = 250;
const BUCKETS = 8; // two seconds: smooth enough to read, fresh enough to follow bursts

export class RateMeter {
  readonly #counts = new Float64Array(BUCKETS);
  #bucket = -1;

  /** Called for every event: a bucket boundary, four times a second, is the only slow path. */
  add(now: number, n = 1): void {
    const bucket = Math.floor(now / BUCKET_MS);
    if (bucket !== this.#bucket) this.#advance(bucket);
    // The latest bucket: an event stamped by a clock that stepped back counts as now.
    this.#counts[this.#bucket % BUCKETS]! += n;
  }

  perSecond(now: number): number {
    const bucket = Math.floor(now / BUCKET_MS);
    if (bucket !== this.#bucket) this.#advance(bucket);
    let sum = 0;
    for (const count of this.#counts) sum += count;
    return (sum * 1000) / (BUCKET_MS * BUCKETS);
  }

  #advance(bucket: number): void {
    if (this.#bucket < 0) this.#bucket = bucket;
    // Zero every bucket we skipped, at most all of them.
    for (let b = this.#bucket + 1; b <= bucket && b <= this.#bucket + BUCKETS; b++) {
      this.#counts[b % BUCKETS] = 0;
    }
    if (bucket > this.#bucket) this.#bucket = bucket;
  }
}
