// Every malformed or hostile input gets a defined answer, the server stays up, and other clients never notice.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../src/protocol/index.js';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';

function frame(payload: Buffer | string): Uint8Array {
  return encodeFrame(Buffer.isBuffer(payload) ? payload : Buffer.from(payload), 4);
}

describe('bad input', () => {
  let server: TestServer;
  let bystander: WsTestClient;
  let speaker: WsTestClient;
  let said = 0;

  beforeAll(async () => {
    server = await startTestServer({ helloTimeout: 400, frameTimeout: 400 });
    bystander = await WsTestClient.open(server.wsUrl);
    speaker = await WsTestClient.open(server.wsUrl);
    await bystander.connect('bystander');
    await speaker.connect('speaker');
    await bystander.join('calm');
    await speaker.join('calm');
  });
  afterAll(() => server.close());

  // After each hostile case, the others still talk: the server is up and unaffected.
  afterEach(async () => {
    const text = `still here ${++said}`;
    await speaker.request({ action: 'chat', room: 'calm', message: text });
    expect(await bystander.next({ action: 'chat', message: text })).toMatchObject({ from: 'speaker' });
  });

  it.each([
    ['invalid JSON', '{"action": "connect", ', 'invalid_json'],
    ['JSON that is not an object', '"just a string"', 'invalid_message'],
    ['a JSON array', '[1,2,3]', 'invalid_message'],
    ['null', 'null', 'invalid_message'],
    ['a missing action', '{"room":"x"}', 'invalid_message'],
    ['an unknown action', '{"action":"explode","id":"u1"}', 'unknown_action'],
    ['a missing field', '{"action":"connect"}', null],
    ['a wrong-typed field', '{"action":"connect","username":42,"id":7}', 'invalid_message'],
  ])('answers %s over TCP with a code and keeps the connection', async (_name, payload, code) => {
    const c = await TcpTestClient.open(server.tcpPort);
    c.sendRaw(frame(payload));
    if (code) {
      const error = await c.next('error');
      expect(error.code).toBe(code);
      expect(typeof error.message).toBe('string');
    } else {
      expect((await c.next('welcome')).nick).toMatch(/^guest-/); // connect without a username is valid
    }
    expect(await c.request({ action: 'ping' })).toMatchObject({ action: 'pong' });
    c.close();
  });

  it('echoes the request id on validation errors so the client can match them', async () => {
    const c = await TcpTestClient.open(server.tcpPort);
    c.sendRaw(frame('{"action":"connect","username":["x"],"id":"abc"}'));
    expect(await c.next('error')).toMatchObject({ code: 'invalid_message', id: 'abc', re: 'connect' });
    c.close();
  });

  it('answers invalid UTF-8 with invalid_utf8 and keeps going', async () => {
    const c = await TcpTestClient.open(server.tcpPort);
    c.sendRaw(frame(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])));
    expect(await c.next('error')).toMatchObject({ code: 'invalid_utf8' });
    await c.connect('utf8-ok');
    c.close();
  });

  it('answers over-long names and text with their own codes', async () => {
    const c = await TcpTestClient.open(server.tcpPort);
    expect(await c.request({ action: 'connect', username: 'n'.repeat(10_000) })).toMatchObject({
      code: 'invalid_nick',
    });
    await c.connect('longtext');
    expect(await c.request({ action: 'joinroom', room: 'r'.repeat(10_000) })).toMatchObject({
      code: 'invalid_room',
    });
    await c.join('calm');
    expect(await c.request({ action: 'chat', room: 'calm', message: 'm'.repeat(60_000) })).toMatchObject({
      code: 'message_too_long',
    });
    c.close();
  });

  it('refuses a length prefix announcing 2 GiB before reading it, then disconnects', async () => {
    const c = await TcpTestClient.open(server.tcpPort);
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(0x7fffffff); // has a non-zero fourth byte: not a native frame at all
    c.sendRaw(Buffer.concat([frame('{"action":"ping"}'), prefix, Buffer.from('xxxx')]));
    expect(await c.next('pong')).toBeTruthy();
    expect(await c.next('error')).toMatchObject({ code: 'frame_too_large' });
    await c.closedPromise;
  });

  it('refuses a first frame over the limit (64 KiB) and disconnects', async () => {
    const c = await TcpTestClient.open(server.tcpPort);
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(70_000);
    c.sendRaw(prefix);
    expect(await c.next('error')).toMatchObject({ code: 'frame_too_large' });
    await c.closedPromise;
  });

  it('cuts off a client trickling a frame one byte at a time', async () => {
    const c = await TcpTestClient.open(server.tcpPort);
    c.send({ action: 'connect', username: 'trickler' });
    await c.next('welcome');
    const bytes = frame('{"action":"ping","id":"slow"}');
    let i = 0;
    const timer = setInterval(() => {
      if (i < bytes.length && !c.closed) c.sendRaw(bytes.subarray(i, ++i));
    }, 100);
    expect(await c.next('error')).toMatchObject({ code: 'frame_timeout' });
    await c.closedPromise;
    clearInterval(timer);
    expect(i).toBeLessThan(bytes.length);
  });

  it('closes a client that connects and says nothing', async () => {
    const socket = net.connect(server.tcpPort, '127.0.0.1');
    await new Promise((resolve) => socket.on('close', resolve));
  });

  it('closes a client that sends frames but never identifies', async () => {
    const c = await TcpTestClient.open(server.tcpPort);
    c.send({ action: 'ping' });
    expect(await c.next('error')).toMatchObject({ code: 'handshake_timeout' });
    await c.closedPromise;
  });

  it('closes a connection whose first bytes are no known protocol', async () => {
    const socket = net.connect(server.tcpPort, '127.0.0.1');
    socket.write(Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05]));
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    await new Promise((resolve) => socket.on('close', resolve));
    expect(text).toContain('unknown protocol');
  });

  it('closes a WebSocket that sends an oversized message (1009) or invalid UTF-8 (1007)', async () => {
    const big = await WsTestClient.open(server.wsUrl);
    big.sendRaw('x'.repeat(70_000));
    await big.closedPromise;
    expect(big.closeCode).toBe(1009);
    const bad = await WsTestClient.open(server.wsUrl);
    bad.ws.send(Buffer.from([0xff, 0xfe]), { binary: false });
    await bad.closedPromise;
    expect(bad.closeCode).toBe(1007);
  });

  it('answers junk on a WebSocket with coded errors', async () => {
    const c = await WsTestClient.open(server.wsUrl);
    c.sendRaw('not json');
    expect(await c.next('error')).toMatchObject({ code: 'invalid_json' });
    c.sendRaw('42');
    expect(await c.next('error')).toMatchObject({ code: 'invalid_message' });
    c.close();
  });

  it('rejects an unknown WebSocket path', async () => {
    await expect(WsTestClient.open(server.wsUrl.replace('/ws', '/nope'))).rejects.toThrow(/404/);
  });
});
