// Per-session quotas on real sockets: rooms per session (every dialect that can join), a quit that stays small for
// each companion however many rooms the quitter held, and the server alive and serving the others throughout.
import { afterEach, describe, expect, it } from 'vitest';
import { FramedClient } from '../dialects/wire.js';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import type { TestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';

type Json = Record<string, unknown>;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A room name of the longest length allowed (64), numbered. */
function longRoom(n: number): string {
  return `r${String(n).padStart(6, '0')}`.padEnd(64, 'x');
}

/** Send joins for rooms [from, to) in one write and wait for all their answers; returns the error answers. */
async function joinAll(client: TestClient, names: string[]): Promise<Json[]> {
  const ids = names.map((_, i) => `j${i}-${Math.random().toString(36).slice(2)}`);
  names.forEach((room, i) => client.send({ action: 'joinroom', room, id: ids[i] }));
  const answers = await Promise.all(ids.map((id) => client.next((m) => m.id === id, 30_000)));
  return answers.filter((a) => a.action === 'error');
}

/** Prove a client is still served: a message it sends in a room comes back to it acknowledged. */
async function stillServed(client: TestClient, room: string): Promise<void> {
  const ack = await client.request({ action: 'chat', room, message: 'still here' });
  expect(ack).toMatchObject({ action: 'chat', room, message: 'still here' });
}

describe('rooms per session', () => {
  it('refuses the join past --max-rooms (default 100) with too_many_rooms; leaving one makes room', async () => {
    server = await startTestServer({ joinRate: 0 });
    const hoarder = await TcpTestClient.open(server.tcpPort);
    const other = await WsTestClient.open(server.wsUrl);
    await hoarder.connect('hoarder');
    await other.connect('other');
    await other.join('lobby');
    const names = Array.from({ length: 120 }, (_, i) => `room${i}`);
    const errors = await joinAll(hoarder, names);
    expect(errors).toHaveLength(20);
    for (const error of errors) expect(error).toMatchObject({ code: 'too_many_rooms', re: 'joinroom' });
    // The refused joins created no rooms: the list holds the 100 joined and the other's lobby.
    const list = await other.request({ action: 'rooms' });
    expect((list.rooms as unknown[]).length).toBe(101);
    // Rejoining a room one is in costs nothing and is not refused.
    expect(await hoarder.request({ action: 'joinroom', room: 'room5' })).toMatchObject({ action: 'ok' });
    await hoarder.request({ action: 'leaveroom', room: 'room0' });
    expect(await hoarder.request({ action: 'joinroom', room: 'room100' })).toMatchObject({ action: 'ok' });
    expect(await hoarder.request({ action: 'joinroom', room: 'room101' })).toMatchObject({
      code: 'too_many_rooms',
    });
    await stillServed(other, 'lobby');
    await stillServed(hoarder, 'room100');
  });

  it('holds for the chat demo dialect, which joins through the same rules', async () => {
    server = await startTestServer({ joinRate: 0, maxRooms: 3 });
    const demo = await FramedClient.open(server.tcpPort, 4);
    for (const room of ['a', 'b', 'c', 'd']) demo.send({ action: 'join', room });
    expect(await demo.next({ action: 'error' })).toMatchObject({ code: 'too_many_rooms', re: 'join' });
    const watcher = await TcpTestClient.open(server.tcpPort);
    await watcher.connect('watcher');
    const list = await watcher.request({ action: 'rooms' });
    expect((list.rooms as Json[]).map((r) => r.room)).toEqual(['a', 'b', 'c']);
    demo.send({ room: 'c', msg: 'hello' });
    expect(await demo.next({ msg: 'hello' })).toMatchObject({ room: 'c' });
  });

  it('is off with --max-rooms 0', async () => {
    server = await startTestServer({ joinRate: 0, maxRooms: 0 });
    const client = await TcpTestClient.open(server.tcpPort);
    await client.connect('many');
    expect(
      await joinAll(
        client,
        Array.from({ length: 150 }, (_, i) => `n${i}`),
      ),
    ).toEqual([]);
  });
});

describe('quit events', () => {
  it('name, for each companion, the rooms it shared: at the room cap the companions stay connected', async () => {
    server = await startTestServer({ joinRate: 0 });
    const names = Array.from({ length: 100 }, (_, i) => longRoom(i));
    const quitter = await TcpTestClient.open(server.tcpPort);
    const everywhereTcp = await TcpTestClient.open(server.tcpPort);
    const everywhereWs = await WsTestClient.open(server.wsUrl);
    const oneRoom = await WsTestClient.open(server.wsUrl);
    await quitter.connect('quitter');
    await everywhereTcp.connect('tcp-companion');
    await everywhereWs.connect('ws-companion');
    await oneRoom.connect('one-room');
    for (const client of [quitter, everywhereTcp, everywhereWs])
      expect(await joinAll(client, names)).toEqual([]);
    await oneRoom.join(names[7]!);
    quitter.close();
    for (const companion of [everywhereTcp, everywhereWs]) {
      const quit = await companion.next({ action: 'quit', nick: 'quitter' });
      expect(quit.reason).toBe('quit');
      expect([...(quit.rooms as string[])].sort()).toEqual(names);
      await stillServed(companion, names[99]!);
    }
    expect(await oneRoom.next({ action: 'quit', nick: 'quitter' })).toMatchObject({ rooms: [names[7]] });
    await stillServed(oneRoom, names[7]!);
  });

  it('stay small for companions of a client in thousands of rooms (no room cap), over TCP and WebSocket', async () => {
    // 2,000 rooms of 64 characters: a quit naming them all (~136 KB) would be more than twice --max-outbound.
    server = await startTestServer({ joinRate: 0, maxRooms: 0, maxOutbound: '64KiB', historyOnJoin: 0 });
    const names = Array.from({ length: 2000 }, (_, i) => longRoom(i));
    const quitter = await TcpTestClient.open(server.tcpPort);
    const tcp = await TcpTestClient.open(server.tcpPort);
    const ws = await WsTestClient.open(server.wsUrl);
    await quitter.connect('quitter');
    await tcp.connect('tcp-companion');
    await ws.connect('ws-companion');
    for (let at = 0; at < names.length; at += 250) {
      expect(await joinAll(quitter, names.slice(at, at + 250))).toEqual([]);
    }
    await tcp.join(names[0]!);
    await tcp.join(names[1999]!);
    await ws.join(names[1000]!);
    quitter.close();
    const tcpQuit = await tcp.next({ action: 'quit', nick: 'quitter' });
    expect([...(tcpQuit.rooms as string[])].sort()).toEqual([names[0], names[1999]]);
    expect(await ws.next({ action: 'quit', nick: 'quitter' })).toMatchObject({ rooms: [names[1000]] });
    await stillServed(tcp, names[0]!);
    await stillServed(ws, names[1000]!);
    expect(tcp.closed || ws.closed).toBe(false);
  });
});
