/** One new post, as the engine sees it: the seed's source row. */
export interface PostEvent {
  /** The relay's sequence number of the event that carried this post. */
  seq: number;
  /** The commit's `time` (relay clock), milliseconds since the epoch. */
  time: number;
  /** The author's DID: the seed's entity key before re-keying. */
  repo: string;
  /** The record's `langs` field, untrusted and unvalidated. */
  langs: unknown;
}
