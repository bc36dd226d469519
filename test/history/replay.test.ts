// Joining a room replays its history (the recent messages, or everything after `since`), then the `replayed`
// marker, then live events: nothing missed, nothing repeated, gaps reported.
import { afterEach, describe, expect, it } from 'vitest';
import { WsTestClient } from '../support/clients.js';
import type { TcpTestClient, TestClient } from '../support/clients.js';
import type { ServerOptions } from '../../src/server/config.js';
import {
  client,
  closeAll,
  isRoomEvent,
  range,
  sendMany,
  serve,
  sleep,
  tempDataDir,
  texts,
  track,
  waitUntil,
} from './support.js';

type Json = Record<string, unknown>;

afterEach(closeAll);

/** Join (with since, if given) and wait for the marker; returns the ok, the history before it, and the marker. */
async function joinAndReplay(c: TestClient, room: string, since?: number) {
  const ok = await c.request({ action: 'joinroom', room, ...(since !== undefined ? { since } : {}) });
  expect(ok).toMatchObject({ action: 'ok', re: 'joinroom', room });
  const received = await waitUntil(c, (r) => r.some((m) => m.action === 'replayed'), 'the marker');
  const at = received.findIndex((m) => m.action === 'replayed');
  const history = received.slice(0, at).filter(isRoomEvent(room));
  const marker = received[at]!;
  received.splice(0, at + 1);
  return { ok, history, marker };
}

const seqs = (messages: Json[]) => messages.map((m) => m.seq as number);

describe('joining a room', () => {
  it('sends the last historyOnJoin messages, marked as history, then the marker, then live ones', async () => {
    const server = await serve({ historyOnJoin: 20 });
    const alice = await client(server, 'alice', 'lobby');
    await sendMany(alice, 'lobby', texts('old', 100));
    const bob = await client(server, 'bob');
    const { history, marker } = await joinAndReplay(bob, 'lobby');
    expect(seqs(history)).toEqual(range(81, 100));
    expect(history.every((m) => m.history === true && m.from === 'alice')).toBe(true);
    expect(history[0]).toMatchObject({ message: 'old 81', room: 'lobby' });
    expect(marker).toEqual({
      action: 'replayed',
      room: 'lobby',
      mode: 'recent',
      count: 20,
      last: 100,
      complete: true,
    });
    await alice.request({ action: 'chat', room: 'lobby', message: 'now' });
    const live = await bob.next({ action: 'chat', message: 'now' });
    expect(live.seq).toBe(101);
    expect(live.history).toBeUndefined();
  });

  it('with historyOnJoin 0 sends only the marker, which still names the room position', async () => {
    const server = await serve({ historyOnJoin: 0 });
    const alice = await client(server, 'alice', 'quiet');
    await sendMany(alice, 'quiet', texts('m', 5));
    const bob = await client(server, 'bob');
    const { history, marker } = await joinAndReplay(bob, 'quiet');
    expect(history).toEqual([]);
    expect(marker).toMatchObject({ mode: 'recent', count: 0, last: 5, complete: true });
  });

  it('in an empty room says so: count 0, last 0, complete', async () => {
    const server = await serve();
    const bob = await client(server, 'bob');
    expect((await joinAndReplay(bob, 'empty')).marker).toMatchObject({ count: 0, last: 0, complete: true });
    expect((await joinAndReplay(bob, 'empty2', 0)).marker).toMatchObject({
      mode: 'resume',
      count: 0,
      last: 0,
      complete: true,
    });
  });
});

describe.each(['memory', 'sqlite'] as const)('resume (%s store)', (store) => {
  const options = (extra: ServerOptions = {}): ServerOptions => ({
    store,
    ...(store === 'sqlite' ? { dataDir: tempDataDir() } : {}),
    ...extra,
  });

  it('replays exactly the thousands of messages missed while away, then live ones', async () => {
    const server = await serve(options());
    const alice = await client(server, 'alice', 'lobby');
    const bob = await client(server, 'bob', 'lobby');
    await sendMany(alice, 'lobby', texts('before', 10));
    const seen = await waitUntil(bob, (r) => r.filter(isRoomEvent('lobby')).length === 10, 'ten messages');
    const lastSeen = Math.max(...seqs(seen.filter(isRoomEvent('lobby'))));
    bob.close();
    await bob.closedPromise;

    const missed = 5000;
    await sendMany(alice, 'lobby', texts('while away', missed));
    const again = await client(server, 'bob');
    const { history, marker } = await joinAndReplay(again, 'lobby', lastSeen);
    expect(seqs(history)).toEqual(range(lastSeen + 1, lastSeen + missed));
    expect(history.map((m) => m.message)).toEqual(texts('while away', missed));
    expect(marker).toEqual({
      action: 'replayed',
      room: 'lobby',
      mode: 'resume',
      count: missed,
      last: lastSeen + missed,
      complete: true,
    });
    await alice.request({ action: 'chat', room: 'lobby', message: 'welcome back' });
    const received = await waitUntil(again, (r) => r.some((m) => m.message === 'welcome back'), 'live');
    expect(seqs(received.filter(isRoomEvent('lobby')))).toEqual([lastSeen + missed + 1]);
  });

  it('reports the gap when retention dropped part of the missed range', async () => {
    const server = await serve(options({ retainMessages: 100 }));
    const alice = await client(server, 'alice', 'lobby');
    await sendMany(alice, 'lobby', texts('m', 300));
    const bob = await client(server, 'bob');
    const { history, marker } = await joinAndReplay(bob, 'lobby', 50);
    expect(seqs(history)).toEqual(range(201, 300));
    expect(marker).toEqual({
      action: 'replayed',
      room: 'lobby',
      mode: 'resume',
      count: 100,
      last: 300,
      complete: false,
      gap: { from: 51, to: 200 },
    });
    // A cursor inside the retained range has nothing missing.
    const carol = await client(server, 'carol');
    const inside = await joinAndReplay(carol, 'lobby', 250);
    expect(seqs(inside.history)).toEqual(range(251, 300));
    expect(inside.marker).toMatchObject({ count: 50, complete: true });
    expect(inside.marker.gap).toBeUndefined();
  });

  it('with a cursor beyond the room (its data was reset) says complete:false without a gap and resets last', async () => {
    const server = await serve(options({ historyOnJoin: 3 }));
    const alice = await client(server, 'alice', 'lobby');
    await sendMany(alice, 'lobby', texts('m', 5));
    const bob = await client(server, 'bob');
    const { history, marker } = await joinAndReplay(bob, 'lobby', 500);
    // The client's sequence numbers belong to another history: it gets the recent messages and the new position.
    expect(seqs(history)).toEqual([3, 4, 5]);
    expect(marker).toEqual({
      action: 'replayed',
      room: 'lobby',
      mode: 'resume',
      count: 3,
      last: 5,
      complete: false,
    });
    await alice.request({ action: 'chat', room: 'lobby', message: 'next' });
    expect((await bob.next({ action: 'chat', message: 'next' })).seq).toBe(6);
    const carol = await client(server, 'carol');
    expect((await joinAndReplay(carol, 'never-used', 7)).marker).toEqual({
      action: 'replayed',
      room: 'never-used',
      mode: 'resume',
      count: 0,
      last: 0,
      complete: false,
    });
  });

  it('paces a large replay to a client that reads slowly instead of cutting it off', async () => {
    const server = await serve(options({ maxOutbound: '256KiB' }));
    const alice = await client(server, 'alice', 'big');
    const long = 'x'.repeat(3000);
    // About 9 MB of history: far beyond the 256 KiB output limit and the socket buffers. Sent 50 at a time,
    // so that alice's own acks never pile up past the limit.
    for (let from = 1; from <= 3000; from += 50) {
      await sendMany(
        alice,
        'big',
        range(from, from + 49).map((i) => `${i} ${long}`),
      );
    }
    const bob = await client(server, 'bob');
    bob.socket.pause();
    bob.send({ action: 'joinroom', id: 'j', room: 'big', since: 0 });
    await sleep(300); // the server fills the socket and must wait, not give up
    bob.socket.resume();
    const received = await waitUntil(
      bob,
      (r) => r.some((m) => m.action === 'replayed'),
      'the marker',
      60_000,
    );
    expect(received.some((m) => m.action === 'error')).toBe(false);
    expect(seqs(received.filter(isRoomEvent('big')))).toEqual(range(1, 3000));
    expect(received.find((m) => m.action === 'replayed')).toMatchObject({ count: 3000, complete: true });
    expect(bob.closed).toBe(false);
  });

  it('holds live events during the replay: nothing missed or repeated under concurrent sending', async () => {
    const server = await serve(options());
    const talkers = await Promise.all(['t1', 't2', 't3'].map((nick) => client(server, nick, 'busy')));
    await sendMany(talkers[0]!, 'busy', texts('warmup', 600));
    // Talkers pipeline their messages; watchers join at different moments while those are in flight.
    const perTalker = 1500;
    const sending = talkers.map((t, i) => sendMany(t, 'busy', texts(`t${i}`, perTalker), { tag: `t${i}` }));
    const watchers: { c: TcpTestClient; since: number | undefined }[] = [];
    // Every cursor is within the warmup, so each watcher's replay is complete.
    const cursors = [0, 100, 599, undefined, 300, 600, undefined, 450];
    for (const [i, since] of cursors.entries()) {
      const c = await client(server, `w${i}`);
      c.send({ action: 'joinroom', id: 'j', room: 'busy', ...(since !== undefined ? { since } : {}) });
      watchers.push({ c, since });
      await sleep(i); // spread the joins over the sending
    }
    const acks = (await Promise.all(sending)).flat();
    const final = Math.max(...acks.map((a) => a.seq as number));
    expect(final).toBe(600 + 3 * perTalker);
    for (const { c, since } of watchers) {
      // The final message may come as history when the watcher joined late: wait for the marker too.
      const received = await waitUntil(
        c,
        (r) =>
          r.some((m) => m.action === 'replayed') && r.some((m) => m.action === 'chat' && m.seq === final),
        `the marker and seq ${final}`,
      );
      const at = received.findIndex((m) => m.action === 'replayed');
      const marker = received[at]!;
      const history = received.slice(0, at).filter(isRoomEvent('busy'));
      const live = received.slice(at + 1).filter(isRoomEvent('busy'));
      expect(history.every((m) => m.history === true)).toBe(true);
      expect(live.every((m) => m.history === undefined)).toBe(true);
      expect(marker).toMatchObject({ count: history.length, complete: true });
      const last = marker.last as number;
      if (since === undefined) expect(history.length).toBe(50); // the default historyOnJoin
      const start = since ?? last - history.length;
      expect(seqs(history)).toEqual(range(start + 1, last));
      expect(seqs(live)).toEqual(range(last + 1, final));
    }
  });
});

describe('resume over WebSocket', () => {
  it('works the same as over TCP', async () => {
    const server = await serve();
    const alice = await client(server, 'alice', 'lobby');
    await sendMany(alice, 'lobby', texts('m', 40));
    const ws = await WsTestClient.open(server.wsUrl);
    track(ws);
    await ws.connect('webby');
    const { history, marker } = await joinAndReplay(ws, 'lobby', 30);
    expect(seqs(history)).toEqual(range(31, 40));
    expect(marker).toMatchObject({ mode: 'resume', count: 10, last: 40, complete: true });
  });
});
