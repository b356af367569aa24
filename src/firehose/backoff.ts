// When to try again after a connection drops: exponential with jitter, so that many pages
// losing one relay at once do not all knock on it at the same moment.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Each delay is drawn from [1 - jitter, 1 + jitter] times its nominal value. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, jitter: 0.2 };

/** The delay before reconnect attempt `attempt` (0 for the first retry after a drop). */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const nominal = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  const factor = 1 - policy.jitter + 2 * policy.jitter * random();
  return Math.round(Math.min(policy.maxMs, nominal * factor));
}
