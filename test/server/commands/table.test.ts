// The hub and its command table without sockets: the preconditions every request meets once (identified, the room,
// the rate), the answers to refusals, and what a failing handler or replay turns into.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../../src/server/config.js';
import type { Hub } from '../../../src/server/hub.js';
import { MemoryStore } from '../../../src/store/memory.js';
import type { StoredMessage } from '../../../src/store/types.js';
import { FakeClient, makeHub, settle } from './fakes.js';

const hubs: Hub[] = [];
afterEach(() => {
  for (const hub of hubs.splice(0)) hub.dispose();
});

function setUp(options: ServerOptions = {}, store?: MemoryStore): { hub: Hub; errors: { msg: string }[] } {
  const made = makeHub(options, store);
  hubs.push(made.hub);
  return made;
}

/** A client that has sent connect as `nick`, with the welcome taken. */
function connected(hub: Hub, nick: string): FakeClient {
  const client = new FakeClient(hub);
  expect(client.request({ action: 'connect', username: nick })).toBe('done');
  client.take();
  return client;
}

describe('a request from a session without a nick', () => {
  it('is refused with not_connected, naming the request, for every command that needs one', () => {
    const { hub } = setUp();
    const client = new FakeClient(hub);
    const requests = [
      { action: 'joinroom', id: 1, room: 'lobby' },
      { action: 'chat', id: 2, room: 'lobby', message: 'hi' },
      { action: 'members', id: 3, room: 'lobby' },
      { action: 'nick', id: 4, nick: 'x' },
      { action: 'history', id: 5, room: 'lobby' },
    ] as const;
    for (const request of requests) {
      expect(client.request(request)).toBe('refused');
      expect(client.take()).toEqual([
        {
          action: 'error',
          code: 'not_connected',
          message: 'send connect first',
          id: request.id,
          re: request.action,
        },
      ]);
    }
    expect(client.session.spent).toEqual([]);
  });

  it('may still ping and connect', () => {
    const { hub } = setUp();
    const client = new FakeClient(hub);
    expect(client.request({ action: 'ping', id: 'p' })).toBe('done');
    expect(client.take()).toEqual([{ action: 'pong', id: 'p' }]);
    client.request({ action: 'connect', id: 'c', username: 'alice' });
    expect(client.take()).toMatchObject([{ action: 'welcome', id: 'c', nick: 'alice' }]);
    expect(client.session.nick).toBe('alice');
  });
});

describe('the room a message names', () => {
  it('must hold the sender to chat in, leave, or set the topic of', () => {
    const { hub } = setUp();
    const alice = connected(hub, 'alice');
    const bob = connected(hub, 'bob');
    alice.request({ action: 'joinroom', room: 'lobby' });
    const requests = [
      { action: 'chat', id: 'c', room: 'lobby', message: 'hi' },
      { action: 'leaveroom', id: 'l', room: 'lobby' },
      { action: 'topic', id: 't', room: 'lobby', topic: 'mine now' },
    ] as const;
    for (const request of requests) {
      bob.request(request);
      expect(bob.take()).toEqual([
        {
          action: 'error',
          code: 'not_in_room',
          message: 'you are not in room lobby',
          id: request.id,
          re: request.action,
        },
      ]);
      bob.request({ ...request, room: 'nowhere' });
      expect(bob.take()).toMatchObject([
        { code: 'no_such_room', message: 'you are not in room nowhere', id: request.id },
      ]);
    }
  });

  it('need only exist to list its members or read its topic', () => {
    const { hub } = setUp();
    const alice = connected(hub, 'alice');
    const bob = connected(hub, 'bob');
    alice.request({ action: 'joinroom', room: 'lobby' });
    bob.request({ action: 'members', id: 'm', room: 'lobby' });
    expect(bob.take()).toMatchObject([{ action: 'ok', re: 'members', id: 'm', members: ['alice'] }]);
    bob.request({ action: 'topic', id: 't', room: 'lobby' });
    expect(bob.take()).toEqual([{ action: 'ok', re: 'topic', id: 't', room: 'lobby', topic: '', by: '' }]);
    for (const request of [
      { action: 'members', id: 1, room: 'nowhere' },
      { action: 'topic', id: 2, room: 'nowhere' },
    ] as const) {
      bob.request(request);
      expect(bob.take()).toEqual([
        {
          action: 'error',
          code: 'no_such_room',
          message: 'there is no room nowhere',
          id: request.id,
          re: request.action,
        },
      ]);
    }
  });
});

describe('rate buckets', () => {
  it('a message pays a chat token on every attempt, before the room is looked at', async () => {
    const { hub } = setUp({ rate: 1, burst: 1 });
    const alice = connected(hub, 'alice');
    alice.request({ action: 'chat', id: 1, room: 'lobby', message: 'hi' });
    expect(alice.take()).toMatchObject([{ action: 'error', code: 'no_such_room', id: 1, re: 'chat' }]);
    alice.request({ action: 'dm', id: 2, to: 'alice', message: 'me' });
    expect(alice.take()).toMatchObject([{ action: 'error', code: 'rate_limited', id: 2, re: 'dm' }]);
    expect(alice.last).toBeUndefined();
    expect(alice.session.spent).toEqual(['chat', 'chat']);
    await settle();
  });

  it('a join pays a join token only when it adds the sender to a room that passes the checks', async () => {
    const { hub } = setUp({ joinRate: 0.01, joinBurst: 2, maxRooms: 2 });
    const alice = connected(hub, 'alice');
    expect(alice.request({ action: 'joinroom', room: 'a' })).toBe('running'); // its replay reads the store
    alice.request({ action: 'joinroom', room: 'a' }); // already in: free
    alice.request({ action: 'joinroom', id: 'bad', room: 'two words' }); // refused before paying
    alice.request({ action: 'joinroom', room: 'b' });
    alice.request({ action: 'joinroom', id: 'full', room: 'c' }); // over the room quota: refused before paying
    expect(alice.session.spent).toEqual(['join', 'join']);
    const errors = alice.take().filter((m) => m.action === 'error');
    expect(errors).toMatchObject([
      { code: 'invalid_room', id: 'bad', re: 'joinroom' },
      { code: 'too_many_rooms', id: 'full', re: 'joinroom' },
    ]);
    await settle();
  });

  it('a leave pays a join token after the room is found, unless the request it completes paid', async () => {
    const { hub } = setUp({ joinRate: 0.01, joinBurst: 2 });
    const alice = connected(hub, 'alice');
    alice.request({ action: 'leaveroom', room: 'a' });
    expect(alice.session.spent).toEqual([]);
    alice.request({ action: 'joinroom', room: 'a' });
    alice.request({ action: 'joinroom', room: 'b' });
    alice.request({ action: 'leaveroom', id: 'l', room: 'a' }, { paid: true });
    expect(alice.session.spent).toEqual(['join', 'join']);
    expect(alice.last).toEqual({ action: 'ok', re: 'leaveroom', id: 'l', room: 'a' });
    alice.request({ action: 'leaveroom', id: 'l2', room: 'b' });
    expect(alice.last).toMatchObject({
      action: 'error',
      code: 'rate_limited',
      id: 'l2',
      re: 'leaveroom',
      message: expect.stringMatching(/joins and leaves/),
    });
    await settle();
  });

  it('nick and topic changes pay a change token; the same nick, a topic read and a refused topic do not', async () => {
    const { hub } = setUp({ changeRate: 0.01, changeBurst: 2 });
    const alice = connected(hub, 'alice');
    alice.request({ action: 'joinroom', room: 'lobby' });
    alice.session.spent.length = 0;
    alice.request({ action: 'nick', nick: 'alice' });
    alice.request({ action: 'topic', room: 'lobby' });
    alice.request({ action: 'topic', id: 'long', room: 'lobby', topic: 'x'.repeat(10_000) });
    expect(alice.session.spent).toEqual([]);
    alice.request({ action: 'nick', nick: 'alicia' });
    alice.request({ action: 'topic', room: 'lobby', topic: 'news' });
    alice.request({ action: 'nick', id: 'n', nick: 'ali' });
    expect(alice.session.spent).toEqual(['change', 'change', 'change']);
    await settle();
    expect(alice.take().filter((m) => m.action === 'error')).toMatchObject([
      { code: 'topic_too_long', id: 'long', re: 'topic' },
      { code: 'rate_limited', id: 'n', re: 'nick', message: expect.stringMatching(/nick and topic changes/) },
    ]);
  });

  it('lists and history spend nothing', async () => {
    const { hub } = setUp({ rate: 1, burst: 1, joinRate: 0.01, joinBurst: 1 });
    const alice = connected(hub, 'alice');
    alice.request({ action: 'joinroom', room: 'lobby' });
    alice.session.spent.length = 0;
    for (let i = 0; i < 3; i++) {
      alice.request({ action: 'rooms' });
      alice.request({ action: 'members', room: 'lobby' });
      alice.request({ action: 'history', room: 'lobby' });
      await settle();
    }
    expect(alice.session.spent).toEqual([]);
    expect(alice.take().filter((m) => m.action === 'error')).toEqual([]);
  });
});

describe('handlers', () => {
  it('run with the sender’s nick: a message is stored and delivered from it, the ack carrying the id', async () => {
    const { hub } = setUp();
    const alice = connected(hub, 'alice');
    const bob = connected(hub, 'bob');
    alice.request({ action: 'joinroom', room: 'lobby' });
    bob.request({ action: 'joinroom', room: 'lobby' });
    await settle();
    alice.take();
    bob.take();
    expect(alice.request({ action: 'chat', id: 'm', room: 'lobby', message: 'hello' })).toBe('running');
    await settle();
    expect(alice.take()).toMatchObject([
      { action: 'chat', id: 'm', from: 'alice', message: 'hello', seq: 1 },
    ]);
    expect(bob.take()).toEqual([
      {
        action: 'chat',
        room: 'lobby',
        message: 'hello',
        from: 'alice',
        mid: expect.any(String),
        seq: 1,
        ts: expect.any(Number),
      },
    ]);
  });

  it('that fail unexpectedly answer internal_error with the id and re, and log the failure', async () => {
    class BrokenStore extends MemoryStore {
      override append(): never {
        throw new TypeError('the disk is on fire');
      }
    }
    const { hub, errors } = setUp({}, new BrokenStore());
    const alice = connected(hub, 'alice');
    alice.request({ action: 'joinroom', room: 'lobby' });
    await settle();
    alice.take();
    expect(alice.request({ action: 'chat', id: 9, room: 'lobby', message: 'hi' })).toBe('running');
    await settle();
    expect(alice.take()).toEqual([
      {
        action: 'error',
        code: 'internal_error',
        message: 'the server failed to handle this request',
        id: 9,
        re: 'chat',
      },
    ]);
    expect(errors).toMatchObject([
      { msg: 'command failed', action: 'chat', err: { message: 'the disk is on fire' } },
    ]);
  });
});

describe('a join whose replay fails', () => {
  it('is undone without a token, told to the others, and answered as the join’s internal_error', async () => {
    class UnreadableStore extends MemoryStore {
      unreadable = false;
      override history(...args: Parameters<MemoryStore['history']>): Promise<StoredMessage[]> {
        return this.unreadable ? Promise.reject(new Error('cannot read')) : super.history(...args);
      }
    }
    const store = new UnreadableStore();
    await store.append({ target: 'lobby', kind: 'room', from: 'bob', text: 'old' });
    const { hub, errors } = setUp({ joinRate: 0.01, joinBurst: 1 }, store);
    const bob = connected(hub, 'bob');
    bob.request({ action: 'joinroom', room: 'lobby' });
    await settle();
    bob.take();
    store.unreadable = true;
    const alice = connected(hub, 'alice');
    alice.request({ action: 'joinroom', id: 'j', room: 'lobby' });
    await settle();
    expect(alice.take()).toMatchObject([
      { action: 'ok', re: 'joinroom', id: 'j' },
      { action: 'error', code: 'internal_error', id: 'j', re: 'joinroom' },
    ]);
    expect(hub.rooms.roomsOf(alice.session).size).toBe(0);
    expect(alice.session.holdFor('lobby')).toBeUndefined();
    expect(alice.session.spent).toEqual(['join']);
    expect(bob.take()).toEqual([
      { action: 'join', room: 'lobby', nick: 'alice' },
      { action: 'part', room: 'lobby', nick: 'alice' },
    ]);
    expect(errors).toMatchObject([{ msg: 'command failed', action: 'joinroom' }]);
  });
});
