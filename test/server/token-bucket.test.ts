// The token bucket: a burst up front, then the rate, and no limit at all when the rate is 0.
import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/server/token-bucket.js';

describe('TokenBucket', () => {
  it('allows the burst at once, then refuses until time refills it', () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 3 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.take(400)).toBe(false); // 0.8 of a token
    expect(bucket.take(500)).toBe(true); // one whole token after half a second at 2/s
    expect(bucket.take(500)).toBe(false);
  });

  it('never holds more than the burst, however long it waited', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 2 }, 0);
    const taken = [0, 0, 0].map(() => bucket.take(60_000));
    expect(taken).toEqual([true, true, false]);
  });

  it('takes fractional rates: one every two seconds', () => {
    const bucket = new TokenBucket({ perSecond: 0.5, burst: 1 }, 0);
    expect(bucket.take(0)).toBe(true);
    expect(bucket.take(1_999)).toBe(false);
    expect(bucket.take(2_000)).toBe(true);
  });

  it('does not limit at a rate of 0', () => {
    const bucket = new TokenBucket({ perSecond: 0, burst: 1 }, 0);
    for (let i = 0; i < 1000; i++) expect(bucket.take(0)).toBe(true);
  });
});
