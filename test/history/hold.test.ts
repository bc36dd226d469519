// What a session does during its own replay: its acks wait behind the marker, leaving stops the replay, and a
// second join of the same room is replayed after the first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { isRoomEvent, range, sendMany, texts, waitUntil } from './support.js';

type Json = Record<string, unknown>;
const seqs = (messages: Json[]) => messages.map((m) => m.seq as number);
const TOTAL = 3000;

describe('during its own replay, a session', () => {
  let server: TestServer;
  const open: TcpTestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const writer = await TcpTestClient.open(server.tcpPort);
    open.push(writer);
    await writer.connect('writer');
    await writer.join('deep');
    await sendMany(writer, 'deep', texts('m', TOTAL));
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await server.close();
  });

  async function fresh(nick: string): Promise<TcpTestClient> {
    const c = await TcpTestClient.open(server.tcpPort);
    open.push(c);
    await c.connect(nick);
    return c;
  }

  it('gets the ack of its own message after the marker, even if the replay included the message', async () => {
    const c = await fresh('eager');
    c.send({ action: 'joinroom', id: 'j', room: 'deep', since: 0 });
    c.send({ action: 'chat', id: 'mine', room: 'deep', message: 'sent while replaying' });
    const received = await waitUntil(c, (r) => r.some((m) => m.id === 'mine'), 'the ack');
    const marker = received.findIndex((m) => m.action === 'replayed');
    const ack = received.findIndex((m) => m.id === 'mine');
    expect(marker).toBeGreaterThan(-1);
    expect(ack).toBeGreaterThan(marker);
    const history = received.slice(0, marker).filter(isRoomEvent('deep'));
    const last = received[marker]!.last as number;
    expect(seqs(history)).toEqual(range(1, last));
    // Events are never repeated; an answer always comes: if the replay carried it, the ack repeats it with the id.
    expect(received[ack]!.seq).toBe(TOTAL + 1);
    expect(received.slice(marker + 1).filter(isRoomEvent('deep'))).toEqual([]);
  });

  it('that leaves the room stops receiving its history, and can join again cleanly', async () => {
    const c = await fresh('fickle');
    c.send({ action: 'joinroom', id: 'j', room: 'deep', since: 0 });
    c.send({ action: 'leaveroom', id: 'l', room: 'deep' });
    await c.next({ id: 'l' });
    await c.request({ action: 'ping' }); // everything the server sent before this answer has arrived
    const received = c.drain();
    expect(received.some((m) => m.action === 'replayed')).toBe(false);
    expect(received.filter(isRoomEvent('deep')).length).toBeLessThan(TOTAL);
    const again = await c.request({ action: 'joinroom', room: 'deep', since: TOTAL - 5 });
    expect(again).toMatchObject({ action: 'ok', re: 'joinroom' });
    const marker = await c.next('replayed');
    expect(marker).toMatchObject({ mode: 'resume', complete: true });
    expect(c.received.filter(isRoomEvent('deep')).every((m) => (m.seq as number) > TOTAL - 5)).toBe(true);
  });

  it('that joins the same room twice gets the two replays one after the other', async () => {
    const c = await fresh('twice');
    c.send({ action: 'joinroom', id: 'j1', room: 'deep', since: 0 });
    c.send({ action: 'joinroom', id: 'j2', room: 'deep', since: TOTAL - 10 });
    const received = await waitUntil(
      c,
      (r) => r.filter((m) => m.action === 'replayed').length === 2,
      'two markers',
    );
    const markers = received.flatMap((m, i) => (m.action === 'replayed' ? [i] : []));
    const first = received.slice(0, markers[0]).filter(isRoomEvent('deep'));
    const second = received.slice(markers[0]! + 1, markers[1]).filter(isRoomEvent('deep'));
    expect(received[markers[0]!]).toMatchObject({ count: first.length, complete: true });
    expect(seqs(first)).toEqual(range(1, received[markers[0]!]!.last as number));
    expect(received[markers[1]!]).toMatchObject({ count: second.length, complete: true });
    expect(seqs(second)).toEqual(range(TOTAL - 9, received[markers[1]!]!.last as number));
  });
});
