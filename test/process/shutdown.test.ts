// Graceful shutdown of a real server process: clients are told, connections close, the process exits 0.
import { describe, expect, it } from 'vitest';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import { spawnServer } from '../support/spawn.js';

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
