// History survives a restart of the server (SQLite store): same messages, same ids, and each room's sequence
// continues without a gap or a repeat. Idempotent sends: one message per key, also across reconnects and restarts.
import { afterEach, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import {
  isRoomEvent,
  messagesOf,
  pageForward,
  range,
  sendMany,
  sleep,
  tempDataDir,
  texts,
  client,
  closeAll,
  serve,
} from './support.js';

type Json = Record<string, unknown>;
const seqs = (messages: Json[]) => messages.map((m) => m.seq as number);

afterEach(closeAll);

// close() is idempotent, so closeAll may call it again after the test.
async function stop(server: TestServer): Promise<void> {
  await server.close();
}

describe('across a restart', () => {
  it('keeps room topics, also of rooms that emptied, and forgets cleared ones', async () => {
    const dataDir = tempDataDir();
    const first = await serve({ store: 'sqlite', dataDir });
    const alice = await client(first, 'alice', 'lobby');
    await alice.join('quiet');
    await alice.join('cleared');
    await alice.request({ action: 'topic', room: 'lobby', topic: 'welcome, all' });
    await alice.request({ action: 'topic', room: 'quiet', topic: 'left alone' });
    await alice.request({ action: 'topic', room: 'cleared', topic: 'soon gone' });
    await alice.request({ action: 'topic', room: 'cleared', topic: '' });
    await alice.request({ action: 'leaveroom', room: 'quiet' });
    // The room emptied and is gone; its topic waits for it.
    const bob = await client(first, 'bob');
    expect(await bob.request({ action: 'joinroom', room: 'quiet' })).toMatchObject({ topic: 'left alone' });
    await stop(first);

    const second = await serve({ store: 'sqlite', dataDir });
    const carol = await client(second, 'carol');
    expect(await carol.request({ action: 'joinroom', room: 'lobby' })).toMatchObject({
      topic: 'welcome, all',
    });
    expect(await carol.request({ action: 'topic', room: 'lobby' })).toMatchObject({
      topic: 'welcome, all',
      by: 'alice',
    });
    expect(await carol.request({ action: 'joinroom', room: 'cleared' })).toMatchObject({ topic: '' });
  });

  it('keeps every message and continues each sequence without a gap or a repeat', async () => {
    const dataDir = tempDataDir();
    const first = await serve({ store: 'sqlite', dataDir });
    const alice = await client(first, 'alice', 'lobby');
    await alice.join('other');
    const lobbyAcks = await sendMany(alice, 'lobby', texts('lobby', 30));
    await sendMany(alice, 'other', texts('other', 5), { tag: 'o' });
    await alice.request({ action: 'dm', to: 'alice', message: 'note to self' });
    await stop(first);

    const second = await serve({ store: 'sqlite', dataDir });
    const bob = await client(second, 'bob');
    const stored = messagesOf(await pageForward(bob, { room: 'lobby' }));
    expect(stored.map((m) => [m.mid, m.seq, m.ts, m.message])).toEqual(
      lobbyAcks.map((a) => [a.mid, a.seq, a.ts, a.message]),
    );
    await bob.join('lobby');
    await bob.join('other');
    expect((await bob.request({ action: 'chat', room: 'lobby', message: 'after' })).seq).toBe(31);
    expect((await bob.request({ action: 'chat', room: 'other', message: 'after' })).seq).toBe(6);
    const again = await client(second, 'alice');
    const dm = await again.request({ action: 'history', with: 'alice' });
    expect((dm.messages as Json[]).map((m) => [m.seq, m.message])).toEqual([[1, 'note to self']]);
  });

  it('lets a client resume from its last sequence after the restart', async () => {
    const dataDir = tempDataDir();
    const first = await serve({ store: 'sqlite', dataDir });
    const alice = await client(first, 'alice', 'lobby');
    await sendMany(alice, 'lobby', texts('m', 50));
    await stop(first);
    const second = await serve({ store: 'sqlite', dataDir });
    const bob = await client(second, 'bob');
    await bob.request({ action: 'joinroom', room: 'lobby', since: 42 });
    const marker = await bob.next('replayed');
    expect(marker).toMatchObject({ mode: 'resume', count: 8, last: 50, complete: true });
    expect(seqs(bob.drain().filter(isRoomEvent('lobby')))).toEqual(range(43, 50));
  });

  it('prunes by age on start, reports the gap, and still continues the sequence', async () => {
    const dataDir = tempDataDir();
    const first = await serve({ store: 'sqlite', dataDir });
    const alice = await client(first, 'alice', 'lobby');
    await sendMany(alice, 'lobby', texts('m', 10));
    await stop(first);
    await sleep(250); // the messages are now older than the 200 ms the next server keeps
    const second = await serve({ store: 'sqlite', dataDir, retainAge: '200ms' });
    const bob = await client(second, 'bob');
    await bob.request({ action: 'joinroom', room: 'lobby', since: 4 });
    // Nothing is retained, yet the room's sequence is known: the whole missed range is reported as the gap.
    expect(await bob.next('replayed')).toMatchObject({
      count: 0,
      last: 10,
      complete: false,
      gap: { from: 5, to: 10 },
    });
    expect((await bob.request({ action: 'chat', room: 'lobby', message: 'fresh' })).seq).toBe(11);
    const carol = await client(second, 'carol');
    await carol.request({ action: 'joinroom', room: 'lobby', since: 4 });
    expect(await carol.next('replayed')).toMatchObject({
      count: 1,
      last: 11,
      complete: false,
      gap: { from: 5, to: 10 },
    });
  });
});

describe('idempotent sends', () => {
  it('the same key twice makes one message; the retry answers with the original id and sequence', async () => {
    const server = await serve();
    const alice = await client(server, 'alice', 'lobby');
    const bob = await client(server, 'bob', 'lobby');
    const original = await alice.request({ action: 'chat', room: 'lobby', message: 'once', key: 'k-1' });
    const retry = await alice.request({ action: 'chat', room: 'lobby', message: 'once', key: 'k-1' });
    expect(original.duplicate).toBeUndefined();
    expect(retry).toMatchObject({ mid: original.mid, seq: original.seq, ts: original.ts, duplicate: true });
    await alice.request({ action: 'chat', room: 'lobby', message: 'marker' });
    await bob.next({ action: 'chat', message: 'marker' });
    expect(bob.drain().filter((m) => m.message === 'once')).toHaveLength(1);
    const page = await bob.request({ action: 'history', room: 'lobby' });
    expect((page.messages as Json[]).map((m) => m.message)).toEqual(['once', 'marker']);
  });

  it('holds across a reconnect, for room and direct messages', async () => {
    const server = await serve();
    const alice = await client(server, 'alice', 'lobby');
    await client(server, 'bob');
    const original = await alice.request({ action: 'chat', room: 'lobby', message: 'hi', key: 'uuid-1' });
    const dm = await alice.request({ action: 'dm', to: 'bob', message: 'psst', key: 'uuid-2' });
    alice.close();
    await alice.closedPromise;
    const back = await client(server, 'alice', 'lobby');
    expect(await back.request({ action: 'chat', room: 'lobby', message: 'hi', key: 'uuid-1' })).toMatchObject(
      {
        mid: original.mid,
        seq: original.seq,
        duplicate: true,
      },
    );
    expect(await back.request({ action: 'dm', to: 'bob', message: 'psst', key: 'uuid-2' })).toMatchObject({
      mid: dm.mid,
      seq: dm.seq,
      duplicate: true,
    });
    const page = await back.request({ action: 'history', room: 'lobby' });
    expect((page.messages as Json[]).map((m) => m.message)).toEqual(['hi']);
  });

  it("keys are the sender's own: another user's same key is another message", async () => {
    const server = await serve();
    const alice = await client(server, 'alice', 'lobby');
    const bob = await client(server, 'bob', 'lobby');
    const a = await alice.request({ action: 'chat', room: 'lobby', message: 'from alice', key: '1' });
    const b = await bob.request({ action: 'chat', room: 'lobby', message: 'from bob', key: '1' });
    expect(b.duplicate).toBeUndefined();
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(b.message).toBe('from bob');
  });
});
