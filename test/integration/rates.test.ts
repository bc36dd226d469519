// Rate limits on everything that fans out: joins and leaves, nick and topic changes, in every dialect that can make
// them; refusals name what was limited, and the companions stay served.
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

/** Send requests in one write and wait for every answer, in order. */
async function pipeline(client: TestClient, requests: Json[]): Promise<Json[]> {
  const tag = Math.random().toString(36).slice(2);
  requests.forEach((request, i) => client.send({ ...request, id: `${tag}-${i}` }));
  return Promise.all(requests.map((_, i) => client.next((m) => m.id === `${tag}-${i}`, 30_000)));
}

/** The answers that are rate_limited errors. */
function limited(answers: Json[]): Json[] {
  return answers.filter((a) => a.action === 'error' && a.code === 'rate_limited');
}

describe('join and leave rate (default 5/s, bursts of 50)', () => {
  it('lets a burst of 50 joins through, then refuses with rate_limited naming joins', async () => {
    server = await startTestServer({ maxRooms: 0 });
    const toggler = await TcpTestClient.open(server.tcpPort);
    const watcher = await WsTestClient.open(server.wsUrl);
    await toggler.connect('toggler');
    await watcher.connect('watcher');
    await watcher.join('lobby');
    const answers = await pipeline(
      toggler,
      Array.from({ length: 100 }, (_, i) => ({ action: 'joinroom', room: `t${i}` })),
    );
    // The burst passes whole (a client rejoining 50 rooms on reconnect); refill during the test adds a few more.
    expect(answers.slice(0, 50).every((a) => a.action === 'ok')).toBe(true);
    const refused = limited(answers);
    expect(refused.length).toBeGreaterThan(0);
    expect(String(refused[0]!.message)).toMatch(/joins and leaves per second/);
    // Refused joins made no rooms.
    const joined = answers.filter((a) => a.action === 'ok').length;
    const list = await watcher.request({ action: 'rooms' });
    expect((list.rooms as unknown[]).length).toBe(joined + 1);
    expect(await watcher.request({ action: 'chat', room: 'lobby', message: 'fine' })).toMatchObject({
      action: 'chat',
    });
  });

  it('counts leaves with joins', async () => {
    // One token a hundred seconds: nothing refills while the test runs.
    server = await startTestServer({ joinRate: 0.01, joinBurst: 2 });
    const client = await TcpTestClient.open(server.tcpPort);
    await client.connect('leaver');
    const answers = await pipeline(client, [
      { action: 'joinroom', room: 'a' },
      { action: 'joinroom', room: 'b' },
      { action: 'leaveroom', room: 'a' },
    ]);
    expect(answers.map((a) => a.action)).toEqual(['ok', 'ok', 'error']);
    expect(answers[2]).toMatchObject({ code: 'rate_limited', re: 'leaveroom' });
  });

  it('limits the chat demo dialect’s joins and leaves too', async () => {
    server = await startTestServer({ joinRate: 0.01, joinBurst: 3 });
    const demo = await FramedClient.open(server.tcpPort, 4);
    for (let i = 0; i < 6; i++) demo.send({ action: i % 2 === 0 ? 'join' : 'leave', room: 'flap' });
    const error = await demo.next({ action: 'error' });
    expect(error).toMatchObject({ code: 'rate_limited' });
    expect(String(error.message)).toMatch(/joins and leaves/);
  });

  it('limits the aiohttp dialect’s room moves', async () => {
    server = await startTestServer({ joinRate: 0.01, joinBurst: 3 });
    const client = await WsTestClient.open(server.chatUrl);
    await client.next('joined'); // its own arrival in Default spent one join
    const rooms = ['room1', 'room2', 'room3', 'room4'];
    for (const room of rooms) client.send({ action: 'join_room', room });
    const answers = await Promise.all(rooms.map(() => client.next('join_room')));
    expect(answers.slice(0, 2).every((a) => a.success === true)).toBe(true);
    expect(
      answers.slice(2).some((a) => a.success === false && /joins and leaves/.test(String(a.message))),
    ).toBe(true);
  });
});

describe('nick and topic change rate (default 0.5/s, bursts of 5)', () => {
  it('refuses nick changes past the burst with rate_limited; the room hears only the accepted ones', async () => {
    server = await startTestServer();
    const renamer = await TcpTestClient.open(server.tcpPort);
    const watcher = await WsTestClient.open(server.wsUrl);
    await renamer.connect('renamer');
    await watcher.connect('watcher');
    await renamer.join('lobby');
    await watcher.join('lobby');
    const answers = await pipeline(
      renamer,
      Array.from({ length: 12 }, (_, i) => ({ action: 'nick', nick: `renamer${i}` })),
    );
    const accepted = answers.filter((a) => a.action === 'ok');
    expect(accepted.length).toBeGreaterThanOrEqual(5);
    expect(accepted.length).toBeLessThan(12);
    const refused = limited(answers);
    expect(String(refused[0]!.message)).toMatch(/nick and topic changes per second/);
    const last = accepted[accepted.length - 1]!.nick;
    const heard = await watcher.next({ action: 'nick', nick: last });
    expect(heard).toBeDefined();
    expect(watcher.drain().filter((m) => m.action === 'nick').length).toBe(accepted.length - 1);
    expect(await watcher.request({ action: 'chat', room: 'lobby', message: 'fine' })).toMatchObject({
      action: 'chat',
    });
  });

  it('refuses topic changes past the burst; reading the topic is not limited', async () => {
    server = await startTestServer();
    const setter = await TcpTestClient.open(server.tcpPort);
    await setter.connect('setter');
    await setter.join('lobby');
    const answers = await pipeline(
      setter,
      Array.from({ length: 12 }, (_, i) => ({ action: 'topic', room: 'lobby', topic: `topic ${i}` })),
    );
    expect(answers.slice(0, 5).every((a) => a.action === 'ok')).toBe(true);
    expect(limited(answers).length).toBeGreaterThan(0);
    const reads = await pipeline(
      setter,
      Array.from({ length: 20 }, () => ({ action: 'topic', room: 'lobby' })),
    );
    expect(reads.every((a) => a.action === 'ok')).toBe(true);
  });

  it('limits aiohttp set_nick', async () => {
    server = await startTestServer({ changeRate: 0.01, changeBurst: 2 });
    const client = await WsTestClient.open(server.chatUrl);
    await client.next('joined');
    for (const nick of ['Alpha', 'Bravo', 'Charlie', 'Delta']) client.send({ action: 'set_nick', nick });
    const answers = await Promise.all([0, 1, 2, 3].map(() => client.next('set_nick')));
    expect(answers.slice(0, 2).every((a) => a.success === true)).toBe(true);
    expect(answers.some((a) => a.success === false && /nick and topic changes/.test(String(a.message)))).toBe(
      true,
    );
  });

  it('is off with --change-rate 0', async () => {
    server = await startTestServer({ changeRate: 0 });
    const renamer = await TcpTestClient.open(server.tcpPort);
    await renamer.connect('free');
    const answers = await pipeline(
      renamer,
      Array.from({ length: 30 }, (_, i) => ({ action: 'nick', nick: `free${i}` })),
    );
    expect(limited(answers)).toEqual([]);
  });
});
