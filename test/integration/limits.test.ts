// A client that stops reading is cut off without slowing the others; silent connections are found and removed.
import { afterEach, describe, expect, it } from 'vitest';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('slow consumers', () => {
  it.each(['tcp', 'ws'] as const)(
    'cuts off a %s member that stops reading while the others keep receiving',
    async (kind) => {
      server = await startTestServer({ maxOutbound: '256KiB' });
      const sender = await WsTestClient.open(server.wsUrl);
      const reader = await TcpTestClient.open(server.tcpPort);
      const stalled =
        kind === 'tcp' ? await TcpTestClient.open(server.tcpPort) : await WsTestClient.open(server.wsUrl);
      await sender.connect('sender');
      await reader.connect('reader');
      await stalled.connect('stalled');
      for (const c of [sender, reader, stalled]) await c.join('busy');
      if (stalled instanceof TcpTestClient) stalled.socket.pause();
      else (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();

      const text = 'y'.repeat(3900);
      let quit: Record<string, unknown> | undefined;
      // Bounded: enough bytes to overflow the kernel buffers and the 256 KiB queue many times over.
      for (let i = 0; i < 4000 && !quit; i++) {
        sender.send({ action: 'chat', room: 'busy', message: text });
        if (i % 50 === 49) {
          await sender
            .next((m) => m.action === 'chat' && m.from === 'sender' && m.id === undefined, 5000)
            .catch(() => undefined);
          quit = sender.received.find((m) => m.action === 'quit' && m.nick === 'stalled');
        }
      }
      quit ??= await sender.next({ action: 'quit', nick: 'stalled' });
      expect(quit).toMatchObject({ reason: 'slow_consumer' });
      // The reader kept up throughout: it has every message the sender's acks say were sent.
      const before = await sender.request({ action: 'chat', room: 'busy', message: 'after the cut' });
      const last = await reader.next({ action: 'chat', message: 'after the cut' }, 15_000);
      expect(last.seq).toBe(before.seq);
      expect(last.seq).toBeGreaterThan(50);
      const health = await (await fetch(`${server.httpUrl}/healthz`)).json();
      expect(health.sessions).toBe(2);
      sender.close();
      reader.close();
    },
  );
});

describe('heartbeats', () => {
  it('pings a silent TCP client and removes it with reason timeout when it does not answer', async () => {
    server = await startTestServer({ heartbeat: 200 });
    const watcher = await WsTestClient.open(server.wsUrl);
    const silent = await TcpTestClient.open(server.tcpPort);
    await watcher.connect('watcher');
    await silent.connect('silent');
    await watcher.join('room');
    await silent.join('room');
    expect(await silent.next('ping')).toEqual({ action: 'ping' });
    expect(await watcher.next({ action: 'quit', nick: 'silent' })).toMatchObject({
      reason: 'timeout',
      rooms: ['room'],
    });
    await silent.closedPromise;
    watcher.close();
  });

  it('keeps a client that answers pings', async () => {
    server = await startTestServer({ heartbeat: 100 });
    const lively = await TcpTestClient.open(server.tcpPort);
    await lively.connect('lively');
    for (let i = 0; i < 4; i++) {
      await lively.next('ping');
      lively.send({ action: 'pong' });
    }
    expect(lively.closed).toBe(false);
    lively.close();
  });

  it('removes a WebSocket client whose socket stopped answering WebSocket pings', async () => {
    server = await startTestServer({ heartbeat: 200 });
    const watcher = await TcpTestClient.open(server.tcpPort);
    await watcher.connect('wswatcher');
    await watcher.join('room');
    const frozen = await WsTestClient.open(server.wsUrl);
    await frozen.connect('frozen');
    await frozen.join('room');
    (frozen.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // The watcher answers pings so that only the frozen one times out.
    watcher.socket.on('data', () => watcher.send({ action: 'pong' }));
    expect(await watcher.next({ action: 'quit', nick: 'frozen' })).toMatchObject({ reason: 'timeout' });
    watcher.close();
    frozen.ws.terminate();
  });
});

describe('rate limit', () => {
  it('answers a flood with rate_limited and keeps the client', async () => {
    server = await startTestServer({ rate: 5, burst: 5 });
    const c = await WsTestClient.open(server.wsUrl);
    await c.connect('flooder');
    await c.join('r');
    for (let i = 0; i < 10; i++) c.send({ action: 'chat', room: 'r', message: `m${i}`, id: i });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => c.next((m) => m.id === i)));
    expect(answers.filter((m) => m.action === 'chat').length).toBeGreaterThanOrEqual(5);
    expect(answers.filter((m) => m.code === 'rate_limited').length).toBeGreaterThanOrEqual(1);
    c.close();
  });
});
