// History requests in flight are bounded per session: a client that pipelines a thousand of them in a room of long
// messages and never reads its answers does not grow a real server process by gigabytes, and the others are served.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../src/protocol/index.js';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import { spawnServer } from '../support/spawn.js';
import type { SpawnedServer } from '../support/spawn.js';

let server: SpawnedServer | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

/** One field of /proc/<pid>/status, in bytes (VmRSS: resident now; VmHWM: the most it has been resident). */
function memory(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

const MiB = 1 << 20;

describe('history requests in flight', () => {
  it.skipIf(process.platform !== 'linux')(
    'refuses those past --history-in-flight at once and keeps the server small while the client never reads',
    async () => {
      // SQLite, as in production: its reads are synchronous, so every request admitted holds its rows at once.
      dataDir = mkdtempSync(path.join(tmpdir(), 'parley-flight-'));
      server = await spawnServer(['--rate', '0', '--store', 'sqlite', '--data-dir', dataDir]);
      const pid = server.child.pid!;
      const filler = await TcpTestClient.open(server.tcpPort);
      await filler.connect('filler');
      await filler.join('long');
      const text = 'z'.repeat(4000);
      for (let batch = 0; batch < 6; batch++) {
        const ids = Array.from({ length: 50 }, (_, i) => `f${batch}-${i}`);
        for (const id of ids) filler.send({ action: 'chat', room: 'long', message: text, id });
        for (const id of ids) await filler.next((m) => m.id === id);
      }
      const watcher = await WsTestClient.open(server.wsUrl);
      await watcher.connect('watcher');
      await watcher.join('long');
      await watcher.next('replayed');
      const attacker = await TcpTestClient.open(server.tcpPort);
      await attacker.connect('attacker');
      await attacker.join('long');
      await attacker.next('replayed');
      const before = memory(pid, 'VmRSS');

      // A thousand history requests for the biggest page, then a chat that tells the watcher they were all read,
      // in one write, from a client that reads nothing.
      attacker.socket.pause();
      const frames: Uint8Array[] = [];
      for (let i = 0; i < 1000; i++) {
        const request = { action: 'history', room: 'long', limit: 500, id: `h${i}` };
        frames.push(encodeFrame(Buffer.from(JSON.stringify(request)), 4));
      }
      const done = { action: 'chat', room: 'long', message: 'all sent', id: 'done' };
      frames.push(encodeFrame(Buffer.from(JSON.stringify(done)), 4));
      attacker.sendRaw(Buffer.concat(frames));
      const first = await watcher.next(
        (m) =>
          (m.action === 'chat' && m.message === 'all sent') || (m.action === 'quit' && m.nick === 'attacker'),
        30_000,
      );

      // The others are served: the watcher reads a page of the same long history and chats.
      const page = await watcher.request({ action: 'history', room: 'long', limit: 20 });
      expect(page).toMatchObject({ action: 'ok', re: 'history' });
      expect((page.messages as unknown[]).length).toBe(20);
      expect(await watcher.request({ action: 'chat', room: 'long', message: 'fine' })).toMatchObject({
        action: 'chat',
      });

      // The attacker was either cut off as a slow consumer, or its surplus requests were refused at once.
      attacker.socket.resume();
      const answers = (): Record<string, unknown>[] =>
        attacker.received.filter((m) => typeof m.id === 'string' && m.id.startsWith('h'));
      // The chat after them is acknowledged once stored: by then every history request before it was answered.
      await Promise.race([attacker.next({ id: 'done' }, 30_000), attacker.closedPromise]);
      if (attacker.closed) {
        const quit =
          first.action === 'quit' ? first : await watcher.next({ action: 'quit', nick: 'attacker' });
        expect(quit.reason).toBe('slow_consumer');
      } else {
        expect(answers()).toHaveLength(1000);
        const refused = answers().filter((m) => m.code === 'too_many_requests');
        expect(refused.length).toBeGreaterThan(0);
        expect(String(refused[0]!.message)).toMatch(/history requests/);
      }
      const growth = memory(pid, 'VmHWM') - before;
      expect(growth).toBeLessThan(300 * MiB);
      expect(server.child.exitCode).toBeNull();
      filler.close();
      watcher.close();
      attacker.close();
    },
    90_000,
  );
});
