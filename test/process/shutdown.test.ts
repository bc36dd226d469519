// Graceful shutdown of a real server process: clients are told, connections close, the process exits 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import { spawnServer } from '../support/spawn.js';
import type { SpawnedServer } from '../support/spawn.js';

describe.each(['SIGTERM', 'SIGINT'] as const)('on %s', (signal) => {
  it('tells every client, closes their connections and exits 0', async () => {
    const server = await spawnServer(['--store', 'memory']);
    const tcp = await TcpTestClient.open(server.tcpPort);
    const ws = await WsTestClient.open(server.wsUrl);
    await tcp.connect('staying');
    await ws.connect('watching');
    await tcp.join('lobby');
    await ws.join('lobby');
    const started = Date.now();
    server.child.kill(signal);
    for (const client of [tcp, ws]) {
      expect(await client.next('shutdown')).toMatchObject({ action: 'shutdown' });
      await client.closedPromise;
    }
    expect(ws.closeCode).toBe(1000);
    expect(await server.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.lines.some((l) => l.includes('stopped'))).toBe(true);
  });
});

describe('a second signal', () => {
  it('forces the exit while clients hold on', async () => {
    const server = await spawnServer(['--store', 'memory', '--shutdown-grace', '60s']);
    const tcp = await TcpTestClient.open(server.tcpPort);
    await tcp.connect('holder');
    tcp.socket.pause(); // never reads, so the server's graceful close cannot finish quickly
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    tcp.socket.destroy();
  });
});

describe('with standard output closed by its reader (parley serve | head -1)', () => {
  const dirs: string[] = [];
  const servers: SpawnedServer[] = [];
  afterAll(() => {
    // A server that hangs on a closed pipe would outlive a failed test: end it here.
    for (const { child } of servers)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  /** A server whose log pipe we close once it is ready, as `head -1` does after its line. */
  async function deafServer(args: string[]): Promise<SpawnedServer> {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-epipe-'));
    dirs.push(dir);
    const server = await spawnServer(['--store', 'sqlite', '--data-dir', dir, ...args]);
    servers.push(server);
    while (!server.lines.some((l) => l.includes('ready'))) await new Promise((r) => setTimeout(r, 20));
    server.child.stdout!.destroy();
    return server;
  }

  it('exits 0 on SIGTERM although its log lines can go nowhere', async () => {
    // No clients: the shutdown is quick, so the log lines of the signal and of the end meet the closed pipe together.
    const server = await deafServer([]);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('is forced out by a second signal while clients hold on', async () => {
    const server = await deafServer(['--shutdown-grace', '60s']);
    const tcp = await TcpTestClient.open(server.tcpPort);
    await tcp.connect('holder');
    tcp.socket.pause();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    tcp.socket.destroy();
  });
});
