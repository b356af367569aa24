import type { Notice } from './protocol';

/** Keeps the most recent notices only, so a relay spamming errors cannot grow memory. */
export class NoticeLog {
  readonly #limit: number;
  #notices: Notice[] = [];

  constructor(limit = 20) {
    this.#limit = limit;
  }

  add(level: Notice['level'], code: string, message: string, now: number): void {
    this.#notices.push({ level, code, message: message.slice(0, 500), at: new Date(now).toISOString() });
    if (this.#notices.length > this.#limit) this.#notices.shift();
  }

  list(): Notice[] {
    return this.#notices.slice();
  }

  clear(): void {
    this.#notices = [];
  }
}
