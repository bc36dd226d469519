// The asyncio tutorial case study's clients over real sockets (uint24-LE frames of JSON): PROTOCOLS.md §2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER } from '../../src/server/dialects/case-study.js';
import { WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { FramedClient } from './wire.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ maxMessage: 100, maxFrame: 1024 });
});
afterAll(() => server.close());

/** A tutorial client: connect, then join a room, exactly as its main() does. */
async function tutorialClient(username: string, room: string): Promise<FramedClient> {
  const client = await FramedClient.open(server.tcpPort, 3);
  client.send({ action: 'connect', username });
  client.send({ action: 'joinroom', room });
  await client.next({ action: 'ok', re: 'joinroom' });
  return client;
}

/** The tutorial's client prints f"{msg['from']}: {msg['message']}" for every frame: each must have both. */
function expectPrintable(client: FramedClient): void {
  for (const frame of client.frames) {
    const message = JSON.parse(frame.toString('utf8')) as Record<string, unknown>;
    expect(typeof message.from, frame.toString()).toBe('string');
    expect(typeof message.message, frame.toString()).toBe('string');
  }
}

describe('case study clients', () => {
  it('chat in a room: every member gets the chat frame, the sender included, byte for byte', async () => {
    const eric = await tutorialClient('Eric', 'nonsense');
    const anna = await tutorialClient('Anna', 'nonsense');
    expect(await eric.next({ action: 'joinroom', from: 'Anna' })).toEqual({
      action: 'joinroom',
      room: 'nonsense',
      from: 'Anna',
      message: 'joined nonsense',
    });
    eric.send({ action: 'chat', room: 'nonsense', message: "I'm reading the asyncio tutorial!" });
    const expected = {
      action: 'chat',
      room: 'nonsense',
      message: "I'm reading the asyncio tutorial!",
      from: 'Eric',
    };
    for (const client of [eric, anna]) {
      await client.next({ action: 'chat' });
      expect(client.frames).toContainEqual(Buffer.from(JSON.stringify(expected)));
    }
    anna.send({ action: 'leaveroom', room: 'nonsense' });
    expect(await eric.next({ action: 'leaveroom', from: 'Anna' })).toMatchObject({
      message: 'left nonsense',
    });
    anna.close();
    expectPrintable(eric);
    expectPrintable(anna);
    eric.close();
  });

  it('tell the sender of a bare JSON string (what the tutorial client types) and keep serving', async () => {
    const eric = await tutorialClient('Typist', 'strings');
    eric.send('just typing');
    const error = await eric.next({ action: 'error' });
    expect(error).toMatchObject({ code: 'invalid_message', from: SERVER });
    eric.send({ action: 'chat', room: 'strings', message: 'still here' });
    expect(await eric.next({ action: 'chat' })).toMatchObject({ message: 'still here', from: 'Typist' });
    expectPrintable(eric);
    eric.close();
  });

  it('answer each malformed frame with an error object and keep the connection', async () => {
    const bad = await tutorialClient('Breaker', 'broken');
    const cases: [Uint8Array, string][] = [
      [Buffer.from([5, 0, 0, ...Buffer.from('{"act')]), 'invalid_json'],
      [Buffer.from([3, 0, 0, 0x22, 0xff, 0x22]), 'invalid_utf8'],
      [bad.frame([1, 2]), 'invalid_message'],
      [bad.frame(null), 'invalid_message'],
      [bad.frame({ action: 'dance' }), 'unknown_action'],
      [bad.frame({ action: 'chat', room: 'broken' }), 'invalid_message'],
      [bad.frame({ action: 'chat', room: 'elsewhere', message: 'x' }), 'no_such_room'],
      [bad.frame({ action: 'chat', room: 'broken', message: 'x'.repeat(101) }), 'message_too_long'],
      [bad.frame({ action: 'connect', username: 'Again' }), 'already_connected'],
    ];
    for (const [bytes, code] of cases) {
      bad.sendRaw(bytes);
      expect(await bad.next({ action: 'error' })).toMatchObject({ code, from: SERVER });
    }
    bad.send({ action: 'chat', room: 'broken', message: 'fine' });
    expect(await bad.next({ action: 'chat' })).toMatchObject({ message: 'fine' });
    expectPrintable(bad);
    bad.close();
  });

  it('refuse commands before connect, in printable form', async () => {
    const early = await FramedClient.open(server.tcpPort, 3);
    early.send({ action: 'joinroom', room: 'early' });
    expect(await early.next({ action: 'error' })).toMatchObject({ code: 'not_connected', from: SERVER });
    early.send({ action: 'connect', username: 'Early' });
    expect(await early.next({ action: 'connect' })).toEqual({
      action: 'connect',
      username: 'Early',
      from: SERVER,
      message: 'connected as Early',
    });
    expectPrintable(early);
    early.close();
  });

  it('read frames split byte by byte and frames merged in one write', async () => {
    const eric = await tutorialClient('Splitter', 'bytes');
    const frame = eric.frame({ action: 'chat', room: 'bytes', message: 'one byte at a time: ça va 🙂' });
    for (const byte of frame) {
      await new Promise<void>((resolve) => eric.socket.write(Uint8Array.of(byte), () => resolve()));
    }
    expect(await eric.next({ action: 'chat' })).toMatchObject({ message: 'one byte at a time: ça va 🙂' });
    const two = Buffer.concat([
      eric.frame({ action: 'chat', room: 'bytes', message: 'first' }),
      eric.frame({ action: 'chat', room: 'bytes', message: 'second' }),
    ]);
    eric.sendRaw(two);
    expect(await eric.next({ action: 'chat' })).toMatchObject({ message: 'first' });
    expect(await eric.next({ action: 'chat' })).toMatchObject({ message: 'second' });
    eric.close();
  });

  it('close a connection whose frame is larger than the limit, telling it why, and nobody else', async () => {
    const witness = await tutorialClient('Witness', 'big');
    const big = await tutorialClient('Big', 'big');
    big.sendRaw(Buffer.from([0x01, 0x08, 0x00, 0x7b])); // 2049 bytes announced; the limit is 1024
    expect(await big.next({ action: 'error' })).toMatchObject({ code: 'frame_too_large', from: SERVER });
    await big.closedPromise;
    expect(await witness.next({ action: 'quit', from: 'Big' })).toMatchObject({ reason: 'error' });
    witness.send({ action: 'chat', room: 'big', message: 'still fine' });
    expect(await witness.next({ action: 'chat' })).toMatchObject({ message: 'still fine' });
    witness.close();
  });

  it('meet native users in the same room', async () => {
    const web = await WsTestClient.open(server.wsUrl);
    await web.connect('webber');
    await web.join('shared');
    const eric = await tutorialClient('Tutor', 'shared');
    expect(await web.next({ action: 'join', nick: 'Tutor' })).toMatchObject({ room: 'shared' });
    eric.send({ action: 'chat', room: 'shared', message: 'from the tutorial' });
    expect(await web.next({ action: 'chat', from: 'Tutor' })).toMatchObject({ message: 'from the tutorial' });
    await web.request({ action: 'chat', room: 'shared', message: 'from the web' });
    expect(await eric.next({ action: 'chat', from: 'webber' })).toEqual({
      action: 'chat',
      room: 'shared',
      message: 'from the web',
      from: 'webber',
    });
    expectPrintable(eric);
    eric.close();
    web.close();
  });
});
