// Nicknames: chosen or generated, unique regardless of case, validated, changed with presence events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';

describe('identity', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('greets with the protocol version, server name, heartbeat and limits', async () => {
    const c = await WsTestClient.open(server.wsUrl);
    const welcome = await c.connect('greeted');
    expect(welcome).toMatchObject({
      action: 'welcome',
      nick: 'greeted',
      version: 1,
      server: expect.stringMatching(/^parley\//),
    });
    expect(welcome.limits).toMatchObject({ maxFrameBytes: 65536, maxMessageChars: 4000 });
    expect(typeof welcome.heartbeatMs).toBe('number');
    c.close();
  });

  it('generates a guest nick when none is chosen', async () => {
    const c = await TcpTestClient.open(server.tcpPort);
    expect((await c.connect()).nick).toMatch(/^guest-\d+$/);
    c.close();
  });

  it('refuses a nick that differs only in case, and keeps the connection usable', async () => {
    const a = await WsTestClient.open(server.wsUrl);
    const b = await WsTestClient.open(server.wsUrl);
    await a.connect('Alice');
    const refused = await b.request({ action: 'connect', username: 'aLiCe' });
    expect(refused).toMatchObject({ action: 'error', code: 'nick_in_use', re: 'connect' });
    expect((await b.connect('alice2')).nick).toBe('alice2');
    a.close();
    b.close();
  });

  it('validates nicks', async () => {
    const c = await WsTestClient.open(server.wsUrl);
    for (const bad of ['', 'has space', 'x'.repeat(33), 'semi;colon', '#room']) {
      expect(await c.request({ action: 'connect', username: bad })).toMatchObject({
        action: 'error',
        code: 'invalid_nick',
      });
    }
    expect((await c.connect('Zoë_[1]')).nick).toBe('Zoë_[1]');
    c.close();
  });

  it('requires connect before anything else, and only once', async () => {
    const c = await TcpTestClient.open(server.tcpPort);
    expect(await c.request({ action: 'joinroom', room: 'lobby' })).toMatchObject({
      code: 'not_connected',
      re: 'joinroom',
    });
    await c.connect('once');
    expect(await c.request({ action: 'connect', username: 'twice' })).toMatchObject({
      code: 'already_connected',
    });
    c.close();
  });

  it('refuses a protocol version from the future', async () => {
    const c = await WsTestClient.open(server.wsUrl);
    expect(await c.request({ action: 'connect', username: 'future', version: 99 })).toMatchObject({
      code: 'unsupported_version',
    });
    c.close();
  });

  it('changes nick: the old one is freed and room companions are told once', async () => {
    const a = await WsTestClient.open(server.wsUrl);
    const b = await TcpTestClient.open(server.tcpPort);
    await a.connect('renamer');
    await b.connect('witness');
    for (const room of ['r1', 'r2']) {
      await a.join(room);
      await b.join(room);
    }
    expect(await a.request({ action: 'nick', nick: 'renamed' })).toMatchObject({
      action: 'ok',
      re: 'nick',
      nick: 'renamed',
    });
    expect(await b.next('nick')).toEqual({ action: 'nick', old: 'renamer', nick: 'renamed' });
    await b.request({ action: 'ping' });
    expect(b.received.filter((m) => m.action === 'nick')).toHaveLength(0); // once, not once per shared room
    expect(await b.request({ action: 'nick', nick: 'RENAMED' })).toMatchObject({ code: 'nick_in_use' });
    const c = await WsTestClient.open(server.wsUrl);
    expect((await c.connect('renamer')).nick).toBe('renamer');
    const ack = await a.request({ action: 'chat', room: 'r1', message: 'new name' });
    expect(ack.from).toBe('renamed');
    for (const x of [a, b, c]) x.close();
  });

  describe('connecting in the WebSocket upgrade URL', () => {
    const withQuery = (query: string): string => `${server.wsUrl}?${query}`;

    it('welcomes at once, with the nick the URL asks for', async () => {
      const c = await WsTestClient.open(withQuery('username=urlnick&version=1'));
      const welcome = await c.next('welcome');
      expect(welcome).toMatchObject({ action: 'welcome', nick: 'urlnick', version: 1 });
      expect(welcome.id).toBeUndefined();
      expect(await c.request({ action: 'joinroom', room: 'by-url' })).toMatchObject({ re: 'joinroom' });
      c.close();
    });

    it('picks a guest nick for an empty username', async () => {
      const c = await WsTestClient.open(withQuery('username='));
      expect((await c.next('welcome')).nick).toMatch(/^guest-\d+$/);
      c.close();
    });

    it('answers a refused nick or version as a connect message would, and lets the client connect again', async () => {
      const holder = await WsTestClient.open(withQuery('username=taken'));
      await holder.next('welcome');
      const c = await WsTestClient.open(withQuery('username=TAKEN'));
      expect(await c.next('error')).toMatchObject({ code: 'nick_in_use', re: 'connect' });
      expect((await c.connect('untaken')).nick).toBe('untaken');
      const bad = await WsTestClient.open(withQuery('username=no%20spaces'));
      expect(await bad.next('error')).toMatchObject({ code: 'invalid_nick', re: 'connect' });
      const future = await WsTestClient.open(withQuery('username=future&version=99'));
      expect(await future.next('error')).toMatchObject({ code: 'unsupported_version', re: 'connect' });
      const nonsense = await WsTestClient.open(withQuery('username=x&version=one'));
      expect(await nonsense.next('error')).toMatchObject({ code: 'invalid_message', re: 'connect' });
      const broken = await WsTestClient.open(withQuery('username=%E0%A4%A'));
      expect(await broken.next('error')).toMatchObject({ code: 'invalid_nick', re: 'connect' });
      const long = await WsTestClient.open(withQuery(`username=${'n'.repeat(5000)}`));
      expect(await long.next('error')).toMatchObject({ code: 'invalid_nick', re: 'connect' });
      for (const x of [holder, c, bad, future, nonsense, broken, long]) x.close();
    });

    it('changes nothing without a username in the query', async () => {
      const c = await WsTestClient.open(withQuery('other=1'));
      expect(await c.request({ action: 'ping' })).toMatchObject({ action: 'pong' });
      expect(c.received.some((m) => m.action === 'welcome')).toBe(false);
      expect((await c.connect('later')).nick).toBe('later');
      c.close();
    });
  });
});
