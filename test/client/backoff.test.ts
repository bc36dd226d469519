// Full-jitter backoff: uniform in a window that doubles per attempt up to the cap.
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/client/index.js';

describe('backoffDelay', () => {
  const options = { initialDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the window per attempt up to the cap', () => {
    const top = (attempt: number): number => backoffDelay(attempt, options, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 40].map(top)).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });

  it('picks anywhere in the window, down to zero (full jitter)', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(400);
  });

  it('stays within the window with the real random source', () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const delay = backoffDelay(attempt, DEFAULT_BACKOFF);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(
        Math.min(DEFAULT_BACKOFF.maxDelayMs, DEFAULT_BACKOFF.initialDelayMs * 2 ** attempt),
      );
    }
  });
});
