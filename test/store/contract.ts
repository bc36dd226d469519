// The Store contract as tests, written once and run against every implementation so they cannot drift.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewMessage, RetentionPolicy, Store, StoredMessage } from '../../src/store/types.js';

/** Makes a fresh, empty store with the given retention. */
export type StoreFactory = (retention: RetentionPolicy) => Store | Promise<Store>;

/** Unlimited retention. */
export const KEEP_ALL: RetentionPolicy = { maxMessagesPerTarget: 0, maxAgeMs: 0 };

/** A room message to `target` with the given text. */
export function msg(target: string, text: string, extra: Partial<NewMessage> = {}): NewMessage {
  return { target, kind: 'room', from: 'alice', text, ...extra };
}

/** Append `count` messages to `target` in one tick (no await between calls) and wait for them all. */
export async function appendMany(
  store: Store,
  target: string,
  count: number,
  from = 1,
): Promise<StoredMessage[]> {
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => store.append(msg(target, `m${from + i}`))),
  );
  return results.map((r) => r.message);
}

const seqs = (messages: StoredMessage[]) => messages.map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Defines the contract tests for the store made by `factory`. */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name}: Store contract`, () => {
    const open: Store[] = [];
    const make = async (retention: RetentionPolicy = KEEP_ALL) => {
      const store = await factory(retention);
      open.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    it('keeps topics: set, replaced, cleared, listed', async () => {
      const store = await make();
      expect(await store.topics()).toEqual([]);
      await store.setTopic({ room: '#b', topic: 'first', by: 'alice', ts: 1 });
      await store.setTopic({ room: '#a', topic: 'été ✓', by: 'bob', ts: 2 });
      await store.setTopic({ room: '#b', topic: 'second', by: 'carol', ts: 3 });
      const sorted = (await store.topics()).sort((x, y) => (x.room < y.room ? -1 : 1));
      expect(sorted).toEqual([
        { room: '#a', topic: 'été ✓', by: 'bob', ts: 2 },
        { room: '#b', topic: 'second', by: 'carol', ts: 3 },
      ]);
      await store.setTopic({ room: '#a', topic: '', by: 'bob', ts: 4 });
      expect((await store.topics()).map((t) => t.room)).toEqual(['#b']);
    });

    it('assigns seq 1..n per target, independently, in call order', async () => {
      const store = await make();
      const calls = Array.from({ length: 30 }, (_, i) =>
        store.append(msg(i % 3 === 0 ? '#a' : '#b', `t${i}`)),
      );
      const results = await Promise.all(calls);
      expect(seqs(results.filter((_, i) => i % 3 === 0).map((r) => r.message))).toEqual(range(1, 10));
      expect(seqs(results.filter((_, i) => i % 3 !== 0).map((r) => r.message))).toEqual(range(1, 20));
      expect(results.every((r) => !r.duplicate)).toBe(true);
      expect(new Set(results.map((r) => r.message.mid)).size).toBe(30);
    });

    it('stores every field, and omits `to` when absent', async () => {
      const store = await make();
      const before = Date.now();
      const { message: dm } = await store.append({
        target: 'dm:a:b',
        kind: 'dm',
        from: 'a',
        to: 'b',
        text: 'hi',
      });
      const { message: room } = await store.append(msg('#r', 'yo'));
      expect(dm).toMatchObject({ target: 'dm:a:b', kind: 'dm', from: 'a', to: 'b', text: 'hi', seq: 1 });
      expect(dm.ts).toBeGreaterThanOrEqual(before - 1000);
      expect(typeof dm.mid).toBe('string');
      expect('to' in room).toBe(false);
      expect(await store.history('dm:a:b', { limit: 10 })).toEqual([dm]);
      expect(await store.history('#r', { limit: 10 })).toEqual([room]);
    });

    it('returns the original for a repeated key, without consuming a seq', async () => {
      const store = await make();
      const first = await store.append(msg('#k', 'one', { key: 'k1' }));
      const again = await store.append(msg('#k', 'one (retry)', { key: 'k1' }));
      expect(again).toEqual({ message: first.message, duplicate: true });
      const next = await store.append(msg('#k', 'two', { key: 'k2' }));
      expect(next.message.seq).toBe(2);
      const otherTarget = await store.append(msg('#other', 'one', { key: 'k1' }));
      expect(otherTarget.duplicate).toBe(false);
      expect(seqs(await store.history('#k', { limit: 10 }))).toEqual([1, 2]);
    });

    it('deduplicates a key repeated in the same tick', async () => {
      const store = await make();
      const [a, b, c] = await Promise.all([
        store.append(msg('#k', 'x', { key: 'same' })),
        store.append(msg('#k', 'x again', { key: 'same' })),
        store.append(msg('#k', 'y')),
      ]);
      expect(a!.duplicate).toBe(false);
      expect(b).toEqual({ message: a!.message, duplicate: true });
      expect(c!.message.seq).toBe(2);
      expect(await store.history('#k', { limit: 10 })).toHaveLength(2);
    });

    it('pages forward and backward through 10,000 messages exactly', async () => {
      const store = await make();
      await appendMany(store, '#big', 10_000);
      await appendMany(store, '#noise', 50);
      expect(await store.bounds('#big')).toEqual({ first: 1, last: 10_000 });

      const forward: number[] = [];
      for (let after = 0; ;) {
        const page = await store.history('#big', { after, limit: 333 });
        if (page.length === 0) break;
        expect(seqs(page)).toEqual(range(after + 1, Math.min(after + 333, 10_000)));
        forward.push(...seqs(page));
        after = page[page.length - 1]!.seq;
      }
      expect(forward).toEqual(range(1, 10_000));

      const backward: number[] = [];
      for (let before: number | undefined; ;) {
        const page = await store.history('#big', { before, limit: 250 });
        if (page.length === 0) break;
        const top = (before ?? 10_001) - 1;
        expect(seqs(page)).toEqual(range(Math.max(1, top - 249), top));
        backward.unshift(...seqs(page));
        before = page[0]!.seq;
      }
      expect(backward).toEqual(range(1, 10_000));
      const texts = (await store.history('#big', { after: 4_999, limit: 2 })).map((m) => m.text);
      expect(texts).toEqual(['m5000', 'm5001']);
    });

    it('honours before and after together, limits, and unknown targets', async () => {
      const store = await make();
      await appendMany(store, '#p', 20);
      expect(seqs(await store.history('#p', { after: 5, before: 9, limit: 100 }))).toEqual([6, 7, 8]);
      expect(seqs(await store.history('#p', { after: 5, before: 9, limit: 2 }))).toEqual([6, 7]);
      expect(seqs(await store.history('#p', { limit: 3 }))).toEqual([18, 19, 20]);
      expect(seqs(await store.history('#p', { before: 3, limit: 10 }))).toEqual([1, 2]);
      expect(seqs(await store.history('#p', { after: 20, limit: 10 }))).toEqual([]);
      expect(await store.history('#p', { limit: 0 })).toEqual([]);
      expect(await store.history('#nobody', { limit: 10 })).toEqual([]);
      expect(await store.bounds('#nobody')).toBeNull();
    });

    it('makes appends visible to history and bounds without awaiting them', async () => {
      const store = await make();
      const pending = [store.append(msg('#v', 'a')), store.append(msg('#v', 'b'))];
      expect(await store.bounds('#v')).toEqual({ first: 1, last: 2 });
      expect((await store.history('#v', { limit: 10 })).map((m) => m.text)).toEqual(['a', 'b']);
      await Promise.all(pending);
    });

    it('keeps the newest maxMessagesPerTarget per target, and forgets pruned keys', async () => {
      const store = await make({ maxMessagesPerTarget: 5, maxAgeMs: 0 });
      await store.append(msg('#c', 'keyed', { key: 'old' }));
      await appendMany(store, '#c', 11, 2);
      await appendMany(store, '#d', 3);
      expect(await store.bounds('#c')).toEqual({ first: 8, last: 12 });
      expect(seqs(await store.history('#c', { limit: 100 }))).toEqual(range(8, 12));
      expect(seqs(await store.history('#c', { before: 8, limit: 100 }))).toEqual([]);
      expect(await store.bounds('#d')).toEqual({ first: 1, last: 3 });
      const reused = await store.append(msg('#c', 'keyed again', { key: 'old' }));
      expect(reused.duplicate).toBe(false);
      expect(reused.message.seq).toBe(13);
      expect(await store.bounds('#c')).toEqual({ first: 9, last: 13 });
    });
  });
}
