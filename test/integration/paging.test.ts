// Lists that grow with the server come in pages of at most --list-page: rooms, members, and the members a join
// answer carries. A client that asks without a cursor (as before) gets the first page.
import { afterEach, describe, expect, it } from 'vitest';
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

/** Every page of a list, following `next` until hasMore is false; the pages' lengths too. */
async function allPages(
  client: TestClient,
  request: Json,
  field: 'rooms' | 'members',
): Promise<{ items: unknown[]; sizes: number[] }> {
  const items: unknown[] = [];
  const sizes: number[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page++) {
    const ok = await client.request({ ...request, ...(after !== undefined ? { after } : {}) });
    expect(ok.action).toBe('ok');
    const got = ok[field] as unknown[];
    items.push(...got);
    sizes.push(got.length);
    if (!ok.hasMore) {
      expect(ok.next).toBeNull();
      return { items, sizes };
    }
    after = ok.next as string;
  }
  throw new Error('more than 100 pages');
}

describe('paged lists', () => {
  it('gives the room list in pages of --list-page, in name order, with a cursor to the next', async () => {
    server = await startTestServer({ listPage: 3 });
    const owner = await TcpTestClient.open(server.tcpPort);
    await owner.connect('owner');
    const names = ['delta', 'Alpha', 'charlie', 'bravo', 'echo', 'foxtrot', 'golf'];
    for (const name of names) await owner.join(name);
    const lister = await WsTestClient.open(server.wsUrl);
    await lister.connect('lister');
    const { items, sizes } = await allPages(lister, { action: 'rooms' }, 'rooms');
    expect(sizes).toEqual([3, 3, 1]);
    expect((items as Json[]).map((r) => r.room)).toEqual([
      'Alpha',
      'bravo',
      'charlie',
      'delta',
      'echo',
      'foxtrot',
      'golf',
    ]);
    expect(items[0]).toEqual({ room: 'Alpha', members: 1, topic: '' });
    // A smaller limit is honoured; a larger one is cut to --list-page.
    const two = await lister.request({ action: 'rooms', limit: 2, after: 'charlie' });
    expect((two.rooms as Json[]).map((r) => r.room)).toEqual(['delta', 'echo']);
    expect(two).toMatchObject({ hasMore: true, next: 'echo' });
    const big = await lister.request({ action: 'rooms', limit: 1000 });
    expect((big.rooms as unknown[]).length).toBe(3);
  });

  it('gives members in pages, and a join answer carries the first page with the count', async () => {
    server = await startTestServer({ listPage: 4 });
    const clients: TcpTestClient[] = [];
    for (let i = 0; i < 10; i++) {
      const client = await TcpTestClient.open(server.tcpPort);
      await client.connect(`m${i}`);
      await client.join('crowd');
      clients.push(client);
    }
    const late = await WsTestClient.open(server.wsUrl);
    await late.connect('late');
    const joined = await late.join('crowd');
    expect(joined.members).toEqual(['late', 'm0', 'm1', 'm2']);
    expect(joined).toMatchObject({ memberCount: 11, membersMore: true });
    const { items, sizes } = await allPages(late, { action: 'members', room: 'crowd' }, 'members');
    expect(sizes).toEqual([4, 4, 3]);
    expect(items).toEqual(['late', ...Array.from({ length: 10 }, (_, i) => `m${i}`)]);
    const page = await late.request({ action: 'members', room: 'crowd', after: 'M4', limit: 2 });
    expect(page).toMatchObject({ members: ['m5', 'm6'], hasMore: true, next: 'm6', memberCount: 11 });
    // The aiohttp dialect's user_list has no paging: it names the first page.
    const aiohttp = await WsTestClient.open(server.chatUrl);
    await aiohttp.next('joined');
    aiohttp.send({ action: 'user_list', room: 'crowd' });
    expect((await aiohttp.next('user_list')).users).toEqual(['late', 'm0', 'm1', 'm2']);
    const small = await TcpTestClient.open(server.tcpPort);
    await small.connect('small');
    expect(await small.join('quiet')).toMatchObject({
      members: ['small'],
      memberCount: 1,
      membersMore: false,
    });
  });
});
