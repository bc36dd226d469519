// The SDK follows the server's paged lists: listRooms and members gather every page (up to a bound), the page
// methods give one page and its cursor, and a big room's join says how many members it has beyond those named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src/client/index.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';

let server: TestServer;
const open: ChatClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ listPage: 3 });
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server.close();
});

async function connected(nick: string): Promise<ChatClient> {
  const c = new ChatClient({ url: server.wsUrl, nick });
  open.push(c);
  await c.connect();
  return c;
}

describe('paged lists in the SDK', () => {
  it('gathers every page of rooms and members, or stops at the bound asked for', async () => {
    const owner = await connected('owner');
    const rooms = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
    for (const room of rooms) await owner.join(room);
    expect((await owner.listRooms()).map((r) => r.room)).toEqual(rooms);
    expect((await owner.listRooms(4)).map((r) => r.room)).toEqual(['r1', 'r2', 'r3', 'r4']);
    const page = await owner.roomsPage('r2', 2);
    expect(page).toMatchObject({ hasMore: true, next: 'r4' });
    expect(page.items.map((r) => r.room)).toEqual(['r3', 'r4']);

    const others = await Promise.all(['m1', 'm2', 'm3', 'm4'].map(connected));
    for (const other of others) await other.join('r1');
    expect(await owner.members('r1')).toEqual(['m1', 'm2', 'm3', 'm4', 'owner']);
    expect(await owner.membersPage('r1', 'm3')).toEqual({
      items: ['m4', 'owner'],
      hasMore: false,
      next: null,
    });

    const late = await connected('late');
    const joined = await late.join('r1');
    expect(joined.members).toEqual(['late', 'm1', 'm2']);
    expect(joined.memberCount).toBe(6);
    expect(late.room('r1')).toMatchObject({ memberCount: 6 });
    await others[0]!.leave('r1');
    await expect.poll(() => late.room('r1')?.memberCount, { timeout: 5000 }).toBe(5);
  });
});
