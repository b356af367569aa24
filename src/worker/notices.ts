import type { Notice } from './protocol';

/**
 * One entry per notice code, with a count: a relay dropping us a hundred times must not push
 * the one OutdatedCursor warning out of sight, and a relay spamming errors cannot grow memory.
 */
export class NoticeLog {
  readonly #limit: number;
  /** In order of the latest occurrence, oldest first. */
  readonly #byCode = new Map<string, Notice>();

  constructor(limit = 50) {
    this.#limit = limit;
  }

  add(level: Notice['level'], code: string, message: string, now: number): void {
    const at = new Date(now).toISOString();
    const previous = this.#byCode.get(code);
    this.#byCode.delete(code);
    this.#byCode.set(code, {
      level,
      code,
      message: message.slice(0, 500),
      count: (previous?.count ?? 0) + 1,
      firstAt: previous?.firstAt ?? at,
      at,
    });
    if (this.#byCode.size > this.#limit) {
      const oldest = this.#byCode.keys().next();
      if (oldest.done !== true) this.#byCode.delete(oldest.value);
    }
  }

  list(): Notice[] {
    return [...this.#byCode.values()];
  }

  clear(): void {
    this.#byCode.clear();
  }
}
