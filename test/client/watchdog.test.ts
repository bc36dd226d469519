// The ping watchdog against a fake server that can go silent (a real server always answers, so it cannot).
import { afterEach, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src/client/index.js';
import { FakeServer, welcome } from './fake-server.js';
import { record } from './support.js';

describe('the ping watchdog', () => {
  let fake: FakeServer;
  let client: ChatClient | undefined;

  afterEach(async () => {
    await client?.close();
    await fake.close();
  });

  it('pings when the server is quiet, and treats silence after the ping as a dead connection', async () => {
    fake = new FakeServer();
    const url = await fake.listen();
    let silent = false;
    fake.script = (message, c) => {
      if (message.action === 'connect') c.send(welcome(message));
      if (message.action === 'ping' && !silent) c.send({ action: 'pong', id: message.id });
    };
    client = new ChatClient({
      url,
      nick: 'watcher',
      pingIntervalMs: 40,
      reconnect: { initialDelayMs: 10, maxDelayMs: 20 },
    });
    const states = record(client, 'state');
    await client.connect();
    // A quiet but answering server keeps the connection: several pings go out and are answered.
    const first = fake.connections[0]!;
    await waitUntil(() => first.received.filter((m) => m.action === 'ping').length >= 3);
    expect(states.all.filter((s) => s.state === 'disconnected')).toEqual([]);

    silent = true;
    await states.until((s) => s.state === 'disconnected', 'a disconnect');
    expect(states.all.find((s) => s.state === 'disconnected')).toMatchObject({ reason: 'ping_timeout' });

    silent = false;
    await states.until((s) => s.state === 'connected' && s.reconnected, 'a reconnect');
    expect(client.state).toBe('connected');
  });

  it('gives up on a connection attempt the server never answers', async () => {
    fake = new FakeServer();
    const url = await fake.listen();
    fake.script = () => undefined; // accepts the socket, never says welcome
    client = new ChatClient({
      url,
      pingIntervalMs: 40,
      reconnect: { initialDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    const states = record(client, 'state');
    void client.connect().catch(() => undefined);
    await states.until((s) => s.state === 'disconnected', 'a disconnect');
    expect(states.all.map((s) => s.state)).toEqual(['connecting', 'disconnected']);
    expect(states.all[1]).toMatchObject({ reason: 'ping_timeout', attempt: 1 });
  });

  it('answers the server pings over TCP with pong', async () => {
    fake = new FakeServer();
    const url = await fake.listen();
    fake.script = (message, c) => {
      if (message.action === 'connect') {
        c.send(welcome(message));
        c.send({ action: 'ping' });
      }
    };
    client = new ChatClient({ url, nick: 'ponger' });
    await client.connect();
    const c = fake.connections[0]!;
    await waitUntil(() => c.received.some((m) => m.action === 'pong'));
    expect(c.received.find((m) => m.action === 'pong')).toEqual({ action: 'pong' });
  });
});

/** Poll a condition a bounded number of times (each a macrotask apart). */
async function waitUntil(condition: () => boolean, rounds = 2000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition never held');
}
