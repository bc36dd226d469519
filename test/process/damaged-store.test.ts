// Damage to the database found while the server runs fails the requests that touch it; the server goes on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TcpTestClient } from '../support/clients.js';
import { spawnServer } from '../support/spawn.js';
import { damageMessages } from '../store/damage.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a database damaged under a running server', () => {
  it('answers internal_error to what touches the damage, keeps serving, and stops cleanly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-damaged-'));
    dirs.push(dir);
    const server = await spawnServer(['--store', 'sqlite', '--data-dir', dir, '--rate', '0']);
    const ann = await TcpTestClient.open(server.tcpPort);
    await ann.connect('ann');
    await ann.join('lobby');
    const text = 'a line of history '.repeat(20);
    for (let i = 0; i < 200; i++) ann.send({ action: 'chat', id: `m${i}`, room: 'lobby', message: text });
    expect(await ann.next((m) => m.id === 'm199', 30_000)).toMatchObject({ action: 'chat', seq: 200 });

    expect(damageMessages(path.join(dir, 'parley.db'))).toBeGreaterThan(0);

    const internal = { action: 'error', code: 'internal_error' };
    expect(await ann.request({ action: 'history', room: 'lobby' })).toMatchObject(internal);
    expect(await ann.request({ action: 'chat', room: 'lobby', message: 'after the damage' })).toMatchObject(
      internal,
    );
    // A join's replay reads the room's history: it fails, and the newcomer is taken out of the room again.
    const bob = await TcpTestClient.open(server.tcpPort);
    await bob.connect('bob');
    expect(await bob.request({ action: 'joinroom', room: 'lobby', since: 0 })).toMatchObject({
      action: 'ok',
    });
    expect(await bob.next('error')).toMatchObject({ code: 'internal_error' });
    // What does not touch the messages still works, for old and new clients alike.
    expect(await bob.request({ action: 'rooms' })).toMatchObject({ action: 'ok', re: 'rooms' });
    const carol = await TcpTestClient.open(server.tcpPort);
    await carol.connect('carol');
    expect(await carol.request({ action: 'rooms' })).toMatchObject({ action: 'ok', re: 'rooms' });
    expect(server.lines.some((l) => l.includes('SQLITE_CORRUPT'))).toBe(true);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
