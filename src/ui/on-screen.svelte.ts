// Whether an element is in the viewport, as reactive state. Parts of the page that are scrolled
// away keep what they last showed instead of updating with every snapshot for nobody.

import type { Attachment } from 'svelte/attachments';

export class OnScreen<T> {
  /** True until the first observation, so a part renders once before anything is known. */
  visible = $state(true);
  #last: T;

  constructor(initial: T) {
    this.#last = initial;
  }

  /**
   * In view: `compute()`, remembered. Out of view: what it last gave, without calling it, so a
   * `$derived` built on this reads none of its inputs and does not rerun as they change.
   */
  latest(compute: () => T): T {
    if (this.visible) this.#last = compute();
    return this.#last;
  }

  /** `{@attach onScreen.attach}` on the element to watch. */
  readonly attach: Attachment<HTMLElement> = (element) => {
    const observer = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry !== undefined) this.visible = entry.isIntersecting;
    });
    observer.observe(element);
    return () => observer.disconnect();
  };
}
