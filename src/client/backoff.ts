// Reconnect delays: full-jitter exponential backoff with a cap (every client picks a random point in the window,
// so that a restarted server is not hit by all its clients at the same instant).

/** How reconnect delays grow. */
export interface BackoffOptions {
  /** The window of the first retry, in milliseconds. */
  initialDelayMs: number;
  /** The largest window, in milliseconds. */
  maxDelayMs: number;
}

/** The defaults: a first retry within half a second, never more than 30 s apart. */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({ initialDelayMs: 500, maxDelayMs: 30_000 });

/** The delay before retry number `attempt` (0 for the first): uniform in [0, min(max, initial · 2^attempt)). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  // Cap the exponent: 2^31 would overflow nothing, but there is no point computing past the cap.
  const window = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * window);
}
