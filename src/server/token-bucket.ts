// A token bucket: a rate with a burst above it. Each session holds one per kind of action it may be limited in.
import type { RateConfig } from './config.js';

/** Tokens refilled continuously at `perSecond`, never more than `burst`; perSecond 0 means no limit. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: RateConfig,
    now: number = Date.now(),
  ) {
    this.tokens = rate.burst;
    this.at = now;
  }

  /** Take one token: true when there was one (the action may go ahead), false when over the rate. */
  take(now: number = Date.now()): boolean {
    const { perSecond, burst } = this.rate;
    if (perSecond === 0) return true;
    this.tokens = Math.min(burst, this.tokens + ((now - this.at) / 1000) * perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
