// The chat demo's clients over real sockets (uint32-LE frames of JSON, TLS with a pinned certificate):
// PROTOCOLS.md §1. It shares native's framing and port; the first frame tells them apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { makeCertificate } from '../support/tls.js';
import { FramedClient } from './wire.js';

const GUEST = /^guest-\d+$/;
const cert = makeCertificate();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    tlsCert: cert.certPath,
    tlsKey: cert.keyPath,
    maxMessage: 100,
    maxFrame: 1024,
  });
});
afterAll(() => server.close());

/** A demo client as its main() starts: connect over TLS, then join. */
async function demoClient(room = 'general'): Promise<FramedClient> {
  const client = await FramedClient.openTls(server.tcpPort, 4, cert.cert);
  client.send({ action: 'join', room });
  return client;
}

describe('chat demo clients', () => {
  it('get every line of their room back, their own included, with a guest name as from', async () => {
    const one = await demoClient();
    const two = await demoClient();
    const arrival = await one.next({ room: 'general' });
    expect(arrival).toMatchObject({ event: 'join' });
    expect(arrival.msg).toBe(`${String(arrival.nick)} joined`);
    one.send({ room: 'general', msg: 'hi!' });
    const own = await one.next((m) => m.msg === 'hi!');
    expect(Object.keys(own)).toEqual(['room', 'msg', 'from']);
    expect(own.from).toMatch(GUEST);
    const other = await two.next((m) => m.msg === 'hi!');
    expect(other).toEqual(own);
    expect(two.frames).toContainEqual(Buffer.from(JSON.stringify(own)));
    expect(other.from).not.toBe(arrival.nick);
    two.send({ action: 'leave', room: 'general' });
    expect(await one.next({ event: 'part' })).toMatchObject({ room: 'general', nick: arrival.nick });
    one.close();
    two.close();
  });

  it('work over plain TCP too, and after a reconnect (a new guest name)', async () => {
    const first = await FramedClient.open(server.tcpPort, 4);
    first.send({ action: 'join', room: 'plain' });
    first.send({ room: 'plain', msg: 'before' });
    const before = await first.next((m) => m.msg === 'before');
    first.socket.destroy();
    await first.closedPromise;
    const again = await FramedClient.open(server.tcpPort, 4);
    again.send({ action: 'join', room: 'plain' });
    again.send({ room: 'plain', msg: 'after' });
    const after = await again.next((m) => m.msg === 'after');
    expect(after.from).toMatch(GUEST);
    expect(after.from).not.toBe(before.from);
    again.close();
  });

  it('leave native clients on the same port alone', async () => {
    const native = await TcpTestClient.open(server.tcpPort);
    expect(await native.connect('nativeuser')).toMatchObject({ nick: 'nativeuser' });
    const secure = await TcpTestClient.openTls(server.tcpPort, cert.cert);
    expect(await secure.connect('secureuser')).toMatchObject({ nick: 'secureuser' });
    native.close();
    secure.close();
  });

  it('settle a connection as native when its first frame is not the demo’s, even a broken one', async () => {
    const client = await FramedClient.open(server.tcpPort, 4);
    client.sendRaw(Buffer.from([2, 0, 0, 0, 0x7b, 0x7b]));
    expect(await client.next({ action: 'error' })).toMatchObject({ code: 'invalid_json' });
    client.send({ action: 'join', room: 'general' });
    expect(await client.next({ action: 'error' })).toMatchObject({ code: 'unknown_action' });
    client.close();
  });

  it('answer each malformed frame with an error object and keep the connection', async () => {
    const bad = await demoClient('broken');
    const cases: [Uint8Array, string][] = [
      [Buffer.from([5, 0, 0, 0, ...Buffer.from('{"roo')]), 'invalid_json'],
      [Buffer.from([3, 0, 0, 0, 0x22, 0xff, 0x22]), 'invalid_utf8'],
      [bad.frame('hello'), 'invalid_message'],
      [bad.frame([{ room: 'broken', msg: 'x' }]), 'invalid_message'],
      [bad.frame({ action: 'dance', room: 'broken' }), 'unknown_action'],
      [bad.frame({ action: 'join' }), 'invalid_message'],
      [bad.frame({ action: 'join', room: 'has spaces' }), 'invalid_room'],
      [bad.frame({ room: 'broken', msg: 42 }), 'invalid_message'],
      [bad.frame({ room: 'elsewhere', msg: 'x' }), 'no_such_room'],
      [bad.frame({ room: 'broken', msg: 'x'.repeat(101) }), 'message_too_long'],
      [bad.frame({ room: 'broken', msg: '' }), 'empty_message'],
      [bad.frame({ action: 'leave', room: 'nowhere' }), 'no_such_room'],
    ];
    for (const [bytes, code] of cases) {
      bad.sendRaw(bytes);
      const error = await bad.next({ action: 'error' });
      expect(error).toMatchObject({ code });
      // No room and no msg: the demo's GUI ignores it rather than showing it as a line.
      expect(error.room).toBeUndefined();
      expect(error.msg).toBeUndefined();
    }
    bad.send({ room: 'broken', msg: 'fine' });
    expect(await bad.next((m) => m.msg === 'fine')).toMatchObject({ room: 'broken' });
    bad.close();
  });

  it('read frames split byte by byte and frames merged in one write', async () => {
    const client = await demoClient('bytes');
    const frame = client.frame({ room: 'bytes', msg: 'one byte at a time: ça va 🙂' });
    for (const byte of frame) {
      await new Promise<void>((resolve) => client.socket.write(Uint8Array.of(byte), () => resolve()));
    }
    expect(await client.next((m) => m.msg === 'one byte at a time: ça va 🙂')).toMatchObject({
      room: 'bytes',
    });
    client.sendRaw(
      Buffer.concat([
        client.frame({ room: 'bytes', msg: 'first' }),
        client.frame({ room: 'bytes', msg: 'second' }),
      ]),
    );
    expect((await client.next((m) => m.event === undefined && m.room === 'bytes')).msg).toBe('first');
    expect((await client.next((m) => m.event === undefined && m.room === 'bytes')).msg).toBe('second');
    client.close();
  });

  it('close a connection whose frame is too large, and nobody else', async () => {
    const witness = await demoClient('big');
    const big = await demoClient('big');
    const arrival = await witness.next({ event: 'join' });
    big.sendRaw(Buffer.from([0x01, 0x08, 0x00, 0x00]));
    expect(await big.next({ action: 'error' })).toMatchObject({ code: 'frame_too_large' });
    await big.closedPromise;
    expect(await witness.next({ event: 'quit' })).toMatchObject({ room: '*', nick: arrival.nick });
    witness.send({ room: 'big', msg: 'still fine' });
    expect(await witness.next((m) => m.msg === 'still fine')).toMatchObject({ room: 'big' });
    witness.close();
  });

  it('meet native users: lines both ways, arrivals, nick changes and direct messages as room lines', async () => {
    const web = await WsTestClient.open(server.wsUrl);
    await web.connect('webling');
    await web.join('mixed');
    const demo = await demoClient('mixed');
    const joined = await web.next({ action: 'join', room: 'mixed' });
    demo.send({ room: 'mixed', msg: 'from the demo' });
    expect(await web.next({ action: 'chat', from: joined.nick })).toMatchObject({ message: 'from the demo' });
    await web.request({ action: 'chat', room: 'mixed', message: 'from the web' });
    expect(await demo.next((m) => m.msg === 'from the web')).toEqual({
      room: 'mixed',
      msg: 'from the web',
      from: 'webling',
    });
    await web.request({ action: 'nick', nick: 'webstar' });
    expect(await demo.next({ event: 'nick' })).toMatchObject({
      room: '*',
      msg: 'webling is now known as webstar',
    });
    await web.request({ action: 'dm', to: joined.nick, message: 'psst' });
    expect(await demo.next((m) => m.msg === 'psst')).toMatchObject({ room: '@webstar', from: 'webstar' });
    demo.close();
    web.close();
  });
});
