// The SDK against a real server (in process, real sockets on port 0): transports, acks, typed errors, events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, ClientError, ServerError, defaultTransport } from '../../src/client/index.js';
import type { TransportFactory } from '../../src/client/index.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { makeCertificate } from '../support/tls.js';
import { record } from './support.js';

let server: TestServer;
const cert = makeCertificate();
const open: ChatClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ tlsCert: cert.certPath, tlsKey: cert.keyPath });
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server.close();
});

function client(options: Partial<ConstructorParameters<typeof ChatClient>[0]> = {}): ChatClient {
  const c = new ChatClient({ url: server.wsUrl, ...options });
  open.push(c);
  return c;
}

describe.each([
  ['ws', () => server.wsUrl, {}],
  ['tcp', () => `tcp://127.0.0.1:${server.tcpPort}`, {}],
  ['tls', () => `tls://localhost:${server.tcpPort}`, { tls: { ca: cert.cert } }],
  ['tls --insecure', () => `tls://127.0.0.1:${server.tcpPort}`, { tls: { insecure: true } }],
  ['wss', () => `wss://localhost:${server.httpPort}/ws`, { tls: { ca: cert.cert } }],
] as const)('over %s', (name, url, extra) => {
  it('sends with an acknowledgement, receives once, and leaves with a quit the others see', async () => {
    const room = `r-${name.replace(/\W/g, '')}`;
    const alice = client({ url: url(), nick: `alice-${name.replace(/\W/g, '')}`, rooms: [room], ...extra });
    const bob = client({ url: server.wsUrl, nick: `bob-${name.replace(/\W/g, '')}`, rooms: [room] });
    const states = record(alice, 'state');
    const bobMessages = record(bob, 'message');
    const bobPresence = record(bob, 'presence');
    await bob.connect();
    await bob.join(room);
    await alice.connect();
    expect(await alice.join(room)).toMatchObject({ room, members: [alice.nick, bob.nick].sort() });
    await bobPresence.until((p) => p.kind === 'join' && p.nick === alice.nick, 'alice joining');

    const ack = await alice.send(room, `hello over ${name}`);
    expect(ack).toMatchObject({ seq: 1, duplicate: false });
    expect(typeof ack.mid).toBe('string');
    await bobMessages.until((m) => m.text === `hello over ${name}`, 'the message');
    expect(bobMessages.all).toEqual([
      {
        room,
        from: alice.nick,
        text: `hello over ${name}`,
        mid: ack.mid,
        seq: 1,
        ts: ack.ts,
        history: false,
        own: false,
      },
    ]);

    await alice.close();
    await bobPresence.until((p) => p.kind === 'quit', 'the quit');
    expect(bobPresence.all.find((p) => p.kind === 'quit')).toEqual({
      kind: 'quit',
      nick: alice.nick,
      reason: 'quit',
      rooms: [room],
    });
    expect(states.all.map((s) => s.state)).toEqual(['connecting', 'connected', 'closed']);
  });
});

describe('errors', () => {
  it('reject with the server code', async () => {
    const carol = client({ nick: 'carol' });
    const dave = client({ nick: 'dave' });
    await carol.connect();
    await dave.connect();
    const refused = (p: Promise<unknown>): Promise<unknown> =>
      p.then(
        () => 'resolved',
        (e: unknown) => e,
      );
    const notIn = await refused(carol.send('nowhere-room', 'x'));
    expect(notIn).toBeInstanceOf(ServerError);
    expect(notIn).toMatchObject({ code: 'no_such_room', re: 'chat' });
    expect(await refused(carol.setNick('dave'))).toMatchObject({ name: 'ServerError', code: 'nick_in_use' });
    expect(await refused(carol.sendDirect('nobody-here', 'hi'))).toMatchObject({ code: 'no_such_user' });
    expect(await refused(carol.join('bad room!'))).toMatchObject({ code: 'invalid_room' });
    expect(carol.rooms()).toEqual([]);
    expect(carol.state).toBe('connected');
  });

  it('a taken nick on the first connect fails connect() and closes the client', async () => {
    const first = client({ nick: 'erin' });
    await first.connect();
    const second = client({ nick: 'ERIN' });
    const states = record(second, 'state');
    const error = await second.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'ServerError', code: 'nick_in_use' });
    expect(second.state).toBe('closed');
    expect(states.all.at(-1)).toMatchObject({ state: 'closed', error: { code: 'nick_in_use' } });
  });

  it('requests need a connection; after close everything is refused', async () => {
    const frank = client({ nick: 'frank' });
    await expect(frank.members('lobby')).rejects.toMatchObject({ name: 'ClientError', code: 'disconnected' });
    await frank.connect();
    await frank.close();
    const closed = await frank.send('lobby', 'x').catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(ClientError);
    expect(closed).toMatchObject({ code: 'closed' });
    await expect(frank.connect()).rejects.toMatchObject({ code: 'closed' });
  });

  it('without reconnect, a lost connection closes the client and fails what waits', async () => {
    const own = await startTestServer();
    const once = new ChatClient({ url: own.wsUrl, nick: 'once', reconnect: false, rooms: ['gone'] });
    const states = record(once, 'state');
    await once.connect();
    await own.close();
    await states.until((s) => s.state === 'closed', 'the close');
    expect(states.all.map((s) => s.state)).toEqual(['connecting', 'connected', 'closed']);
    expect(states.all.at(-1)).toMatchObject({ error: { name: 'ClientError', code: 'connection_lost' } });
    await expect(once.send('gone', 'too late')).rejects.toMatchObject({ code: 'closed' });
  });
});

describe('sending', () => {
  it('queues sends made before connecting, bounded, and delivers them once in order', async () => {
    const gina = client({ nick: 'gina', rooms: ['queue'], maxQueue: 3 });
    const sent = [gina.send('queue', 'one'), gina.send('queue', 'two'), gina.send('queue', 'three')];
    await expect(gina.send('queue', 'four')).rejects.toMatchObject({ code: 'queue_full' });
    expect(gina.queued).toBe(3);
    const messages = record(gina, 'message');
    await gina.connect();
    const acks = await Promise.all(sent);
    expect(acks.map((a) => a.seq)).toEqual([1, 2, 3]);
    await messages.untilCount((m) => m.own, 3, 'own messages');
    expect(messages.all.map((m) => [m.text, m.own])).toEqual([
      ['one', true],
      ['two', true],
      ['three', true],
    ]);
    expect(gina.queued).toBe(0);
  });

  it('direct messages reach the recipient and acknowledge the sender', async () => {
    const hal = client({ nick: 'hal' });
    const ida = client({ nick: 'ida' });
    const got = record(ida, 'dm');
    const own = record(hal, 'dm');
    await hal.connect();
    await ida.connect();
    const ack = await hal.sendDirect('ida', 'psst');
    await got.until((m) => m.text === 'psst', 'the dm');
    expect(got.all[0]).toMatchObject({ from: 'hal', to: 'ida', mid: ack.mid, own: false });
    expect(own.all[0]).toMatchObject({ from: 'hal', to: 'ida', text: 'psst', own: true });
    const page = await ida.history({ with: 'hal' });
    expect(page.messages.map((m) => m.text)).toEqual(['psst']);
  });
});

describe('rooms', () => {
  it('shows recent history on join, then live; topics, members, rooms and nick changes are events', async () => {
    const jay = client({ nick: 'jay', rooms: ['hist'] });
    await jay.connect();
    await jay.join('hist');
    for (const text of ['a', 'b', 'c']) await jay.send('hist', text);
    const kim = client({ nick: 'kim' });
    const messages = record(kim, 'message');
    const replays = record(kim, 'replayed');
    const roomEvents = record(kim, 'room');
    const topics = record(kim, 'topic');
    const presence = record(kim, 'presence');
    await kim.connect();
    await kim.join('hist');
    await replays.until((r) => r.room === 'hist', 'the replay marker');
    expect(replays.all[0]).toMatchObject({ room: 'hist', mode: 'recent', count: 3, complete: true });
    expect(messages.all.map((m) => [m.text, m.history, m.seq])).toEqual([
      ['a', true, 1],
      ['b', true, 2],
      ['c', true, 3],
    ]);
    expect(roomEvents.all).toEqual([
      { kind: 'joined', room: 'hist', topic: '', members: ['jay', 'kim'], memberCount: 2, rejoined: false },
    ]);

    await jay.setTopic('hist', 'all about history');
    await topics.until((t) => t.topic === 'all about history', 'the topic');
    expect(await kim.topic('hist')).toEqual({ room: 'hist', topic: 'all about history', by: 'jay' });
    expect(kim.room('hist')).toMatchObject({ topic: 'all about history', lastSeq: 3, joined: true });

    await jay.setNick('jay2');
    await presence.until((p) => p.kind === 'nick', 'the rename');
    expect(presence.all.at(-1)).toEqual({ kind: 'nick', old: 'jay', nick: 'jay2', self: false });
    expect(jay.nick).toBe('jay2');
    expect(await kim.members('hist')).toEqual(['jay2', 'kim']);
    expect(kim.room('hist')?.members).toEqual(['jay2', 'kim']);
    expect((await kim.listRooms()).find((r) => r.room === 'hist')).toEqual({
      room: 'hist',
      members: 2,
      topic: 'all about history',
    });

    const older = await kim.history({ room: 'hist', before: 3, limit: 1 });
    expect(older).toMatchObject({ messages: [{ text: 'b', seq: 2, history: true }], hasMore: true });

    await kim.leave('hist');
    expect(kim.rooms()).toEqual([]);
    await presence.until(() => true);
    expect(roomEvents.all.at(-1)).toEqual({ kind: 'left', room: 'hist' });
  });
});

describe('connecting over WebSocket', () => {
  it('puts the connect in the upgrade URL (no connect message), also on a reconnect, with the nick it was given', async () => {
    const urls: string[] = [];
    const sent: string[] = [];
    const spy: TransportFactory = async (url, handlers, options) => {
      urls.push(url.href);
      const transport = await defaultTransport(url, handlers, options);
      return {
        send: (text: string) => {
          sent.push(text);
          transport.send(text);
        },
        close: () => transport.close(),
        destroy: () => transport.destroy(),
      };
    };
    const c = client({ transport: spy, reconnect: { initialDelayMs: 10, maxDelayMs: 20 } });
    const states = record(c, 'state');
    await c.connect();
    const guest = c.nick!;
    expect(guest).toMatch(/^guest-\d+$/);
    expect(new URL(urls[0]!).searchParams.get('username')).toBe('');
    await c.join('by-url');
    // The server drops the connection: the client comes back under the nick it was welcomed with.
    const kick = new ChatClient({ url: server.wsUrl, nick: 'kicker' });
    open.push(kick);
    await kick.connect();
    (await server.hub.findNick(guest))!.connection.destroy();
    await states.until((s) => s.state === 'connected' && s.reconnected === true, 'the reconnect');
    expect(new URL(urls[1]!).searchParams.get('username')).toBe(guest);
    expect(new URL(urls[1]!).searchParams.get('version')).toBe('1');
    expect(c.nick).toBe(guest);
    expect(sent.some((text) => JSON.parse(text).action === 'connect')).toBe(false);
  });
});
