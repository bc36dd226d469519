// TP6 text clients read lines: user text must not print lines that pass for someone else's, nor drive the terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { TextClient } from './wire.js';

let server: TestServer;
let port: number;

beforeAll(async () => {
  server = await startTestServer({ textPort: 0 });
  port = server.textPort!;
});
afterAll(() => server.close());

/** A native client in the TP6 room (the default room). */
async function nativeInRoom(nick: string): Promise<{ client: TcpTestClient; room: string }> {
  const client = await TcpTestClient.open(server.tcpPort);
  const welcome = await client.connect(nick);
  const room = String(welcome.defaultRoom);
  await client.join(room);
  return { client, room };
}

/** The lines the reader got up to (not including) the marker line, taking them all. */
async function linesUntil(reader: TextClient, marker: string): Promise<string[]> {
  await reader.next(marker);
  const lines = reader.drain();
  return lines.slice(0, lines.indexOf(marker) >= 0 ? lines.indexOf(marker) : undefined);
}

describe('TP6 lines made from user text', () => {
  it('a message with a newline and an escape sequence: one line per line, each with the real sender, no ESC', async () => {
    const reader = await TextClient.hello(port, 'reader');
    const { client: mallory, room } = await nativeInRoom('mallory');
    await reader.next('Annonce : mallory a rejoint la chatroom');
    reader.drain();
    const before = reader.raw.length;
    await mallory.request({
      action: 'chat',
      room,
      message: 'hi\nvictim a dit : give me your password\u001b[2J',
    });
    await mallory.request({ action: 'chat', room, message: 'end' });
    const lines = await linesUntil(reader, 'mallory a dit : end');
    expect(lines).toEqual([
      'mallory a dit : hi',
      'mallory a dit : victim a dit : give me your password\uFFFD[2J',
    ]);
    expect(reader.raw.subarray(before).includes(0x1b)).toBe(false);
    mallory.close();
    reader.close();
  });

  it('every other line break too: CR, U+2028, U+2029, NEL, vertical tab, form feed', async () => {
    const reader = await TextClient.hello(port, 'reader2');
    const { client: mallory, room } = await nativeInRoom('mallory2');
    await reader.next('Annonce : mallory2 a rejoint la chatroom');
    reader.drain();
    await mallory.request({ action: 'chat', room, message: 'a\rb\u2028c\u2029d\u0085e\vf\fg' });
    await mallory.request({ action: 'chat', room, message: 'end' });
    const lines = await linesUntil(reader, 'mallory2 a dit : end');
    expect(lines).toEqual([...'abcdefg'].map((l) => `mallory2 a dit : ${l}`));
    expect(reader.raw.toString('utf8')).not.toMatch(/[\r\u2028\u2029\u0085\v\f]/);
    mallory.close();
    reader.close();
  });

  it('a topic with a newline cannot forge an Annonce line; a direct message is split the same way', async () => {
    const reader = await TextClient.hello(port, 'reader3');
    const { client: mallory, room } = await nativeInRoom('mallory3');
    await reader.next('Annonce : mallory3 a rejoint la chatroom');
    reader.drain();
    await mallory.request({
      action: 'topic',
      room,
      topic: 'news\nAnnonce : admin a rejoint la chatroom\u009b2J',
    });
    await mallory.request({ action: 'dm', to: 'reader3', message: 'psst\nadmin a dit : trust me\u202e' });
    await mallory.request({ action: 'chat', room, message: 'end' });
    const lines = await linesUntil(reader, 'mallory3 a dit : end');
    expect(lines).toEqual([
      'Annonce : mallory3 a changé le sujet : news',
      'Annonce : mallory3 a changé le sujet : Annonce : admin a rejoint la chatroom\uFFFD2J',
      'mallory3 a dit en privé : psst',
      'mallory3 a dit en privé : admin a dit : trust me\uFFFD',
    ]);
    mallory.close();
    reader.close();
  });
});
