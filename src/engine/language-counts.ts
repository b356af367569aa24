// The seed's query: `posts.with_key(langs[0]).count()`, over one or more windows.

import type { PostEvent } from './post-event';
import { languageKey } from './language-key';
import type { CountWindow } from './windows';

export interface LanguageCountsView {
  window: string;
  total: number;
  counts: [string, number][];
}

export class LanguageCounts {
  readonly #windows: CountWindow[];
  #invalidTags = 0;

  constructor(windows: CountWindow[]) {
    this.#windows = windows;
  }

  /** Posts whose tag was present but unusable, counted under `und`. */
  get invalidTags(): number {
    return this.#invalidTags;
  }

  add(post: PostEvent): void {
    const { key, invalid } = languageKey(post.langs);
    if (invalid) this.#invalidTags++;
    for (const window of this.#windows) window.add(key, post.time);
  }

  read(now: number): LanguageCountsView[] {
    return this.#windows.map((w) => ({ window: w.name, ...w.read(now) }));
  }

  clear(): void {
    this.#invalidTags = 0;
    for (const window of this.#windows) window.clear();
  }
}
