// Rooms, presence, members, topics and direct messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';

describe('rooms and presence', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('tells members who joins and leaves, and lists members and rooms', async () => {
    const a = await WsTestClient.open(server.wsUrl);
    const b = await TcpTestClient.open(server.tcpPort);
    await a.connect('ann');
    await b.connect('bob');
    await a.join('garden');
    const joined = await b.join('garden');
    expect(joined).toMatchObject({ room: 'garden', members: ['ann', 'bob'], topic: '' });
    expect(await a.next('join')).toEqual({ action: 'join', room: 'garden', nick: 'bob' });
    expect(await a.request({ action: 'members', room: 'garden' })).toMatchObject({
      re: 'members',
      members: ['ann', 'bob'],
    });
    const rooms = await b.request({ action: 'rooms' });
    expect(rooms.rooms).toContainEqual({ room: 'garden', members: 2, topic: '' });
    expect(await b.request({ action: 'leaveroom', room: 'garden' })).toMatchObject({
      action: 'ok',
      re: 'leaveroom',
    });
    expect(await a.next('part')).toEqual({ action: 'part', room: 'garden', nick: 'bob' });
    expect(await b.request({ action: 'chat', room: 'garden', message: 'hi' })).toMatchObject({
      code: 'not_in_room',
    });
    expect(await b.request({ action: 'members', room: 'nowhere' })).toMatchObject({ code: 'no_such_room' });
    a.close();
    b.close();
  });

  it('tells companions why someone disconnected: quit, or error when the connection died', async () => {
    const watcher = await WsTestClient.open(server.wsUrl);
    await watcher.connect('watcher');
    await watcher.join('hall');
    const polite = await TcpTestClient.open(server.tcpPort);
    await polite.connect('polite');
    await polite.join('hall');
    await polite.request({ action: 'quit' });
    expect(await watcher.next({ action: 'quit', nick: 'polite' })).toEqual({
      action: 'quit',
      nick: 'polite',
      reason: 'quit',
      rooms: ['hall'],
    });
    const rude = await TcpTestClient.open(server.tcpPort);
    await rude.connect('rude');
    await rude.join('hall');
    rude.socket.resetAndDestroy();
    expect(await watcher.next({ action: 'quit', nick: 'rude' })).toMatchObject({ reason: 'error' });
    expect(await watcher.request({ action: 'members', room: 'hall' })).toMatchObject({
      members: ['watcher'],
    });
    watcher.close();
  });

  it('validates room names and message text', async () => {
    const c = await WsTestClient.open(server.wsUrl);
    await c.connect('validator');
    for (const bad of ['', 'two words', 'r'.repeat(65), 'semi;colon']) {
      expect(await c.request({ action: 'joinroom', room: bad })).toMatchObject({
        code: 'invalid_room',
        re: 'joinroom',
      });
    }
    await c.join('#ok-room.1');
    expect(await c.request({ action: 'chat', room: '#ok-room.1', message: '' })).toMatchObject({
      code: 'empty_message',
    });
    expect(await c.request({ action: 'chat', room: '#ok-room.1', message: 'x'.repeat(4001) })).toMatchObject({
      code: 'message_too_long',
    });
    expect(await c.request({ action: 'chat', room: '#ok-room.1', message: 'x'.repeat(4000) })).toMatchObject({
      action: 'chat',
    });
    c.close();
  });

  it('sets and reads topics, telling every member', async () => {
    const a = await WsTestClient.open(server.wsUrl);
    const b = await WsTestClient.open(server.wsUrl);
    await a.connect('topper');
    await b.connect('reader');
    await a.join('news');
    await b.join('news');
    await a.request({ action: 'topic', room: 'news', topic: 'Today: parley' });
    expect(await b.next('topic')).toEqual({
      action: 'topic',
      room: 'news',
      topic: 'Today: parley',
      by: 'topper',
    });
    expect(await b.request({ action: 'topic', room: 'news' })).toMatchObject({
      topic: 'Today: parley',
      by: 'topper',
    });
    expect((await b.request({ action: 'rooms' })).rooms).toContainEqual({
      room: 'news',
      members: 2,
      topic: 'Today: parley',
    });
    expect(await b.request({ action: 'topic', room: 'news', topic: 't'.repeat(391) })).toMatchObject({
      code: 'topic_too_long',
    });
    a.close();
    b.close();
  });

  it('delivers direct messages to the recipient only, with the sender acknowledged', async () => {
    const a = await TcpTestClient.open(server.tcpPort);
    const b = await WsTestClient.open(server.wsUrl);
    const c = await WsTestClient.open(server.wsUrl);
    await a.connect('dmfrom');
    await b.connect('dmto');
    await c.connect('bystander');
    const ack = await a.request({ action: 'dm', to: 'DMTO', message: 'psst' });
    expect(ack).toMatchObject({ action: 'dm', from: 'dmfrom', to: 'dmto', message: 'psst', seq: 1 });
    expect(await b.next('dm')).toMatchObject({
      from: 'dmfrom',
      to: 'dmto',
      message: 'psst',
      mid: ack.mid,
      seq: 1,
    });
    expect(await a.request({ action: 'dm', to: 'ghost', message: 'anyone?' })).toMatchObject({
      code: 'no_such_user',
      re: 'dm',
    });
    await c.request({ action: 'ping' });
    expect(c.received.filter((m) => m.action === 'dm')).toHaveLength(0);
    for (const x of [a, b, c]) x.close();
  });

  it('answers ping with pong carrying the id', async () => {
    const c = await TcpTestClient.open(server.tcpPort);
    expect(await c.request({ action: 'ping', id: 42 })).toEqual({ action: 'pong', id: 42 });
    c.close();
  });
});
