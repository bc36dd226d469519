// The nick claims seam: the local registry answers at once through the interface, and the hub's settle() goes on
// synchronously with such an answer, or after a promise with one a network would give.
import { describe, expect, it } from 'vitest';
import { NickRegistry } from '../../../src/server/nick-registry.js';
import { settle } from '../../../src/server/seams/answer.js';
import type { NickClaims } from '../../../src/server/seams/nicks.js';

describe('NickRegistry behind NickClaims', () => {
  it('claims, renames and releases, answering every call at once', () => {
    const claims: NickClaims<string> = new NickRegistry<string>();
    expect(claims.claim('s1', 'alice')).toBeNull();
    expect(claims.claim('s2', 'Alice')).toEqual({ kind: 'same', holder: 's1', nick: 'alice' });
    expect(claims.find('ALICE')).toBe('s1');
    expect(claims.taken('\u0430lice')).toBe(true); // a Cyrillic а
    expect(claims.taken('alice', 's1')).toBe(false);
    expect(claims.claim('s1', 'carol')).toBeNull(); // a rename frees the old nick
    expect(claims.find('alice')).toBeUndefined();
    expect(claims.claim('s2', 'alice')).toBeNull();
    expect(claims.release('s1')).toBeUndefined();
    expect(claims.find('carol')).toBeUndefined();
    expect(claims.taken('carol')).toBe(false);
  });
});

describe('settle', () => {
  it('goes on in the same call when the answer is a value', () => {
    const order: string[] = [];
    const result = settle(2, (n) => {
      order.push('then');
      return n * 3;
    });
    order.push('after');
    expect(result).toBe(6);
    expect(order).toEqual(['then', 'after']);
  });

  it('throws what the continuation throws, at once, for a value', () => {
    expect(() =>
      settle(null, () => {
        throw new Error('taken');
      }),
    ).toThrow('taken');
  });

  it('goes on after a promise settles, flattening a continuation that answers later too', async () => {
    const result = settle(Promise.resolve(2), (n) => Promise.resolve(n + 1));
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(3);
    await expect(
      settle(Promise.resolve(1), () => {
        throw new Error('late');
      }),
    ).rejects.toThrow('late');
  });
});
