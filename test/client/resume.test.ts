// Reconnect and resume against a real server process: stop it, restart it on the same ports with the same SQLite
// history, and the client rejoins, resumes from the last sequence it saw, and delivers its queued sends once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src/client/index.js';
import { spawnServer } from '../support/spawn.js';
import type { SpawnedServer } from '../support/spawn.js';
import { record } from './support.js';

describe('reconnect and resume', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-resume-'));
  let server: SpawnedServer;
  const clients: ChatClient[] = [];
  const start = (ports?: SpawnedServer): Promise<SpawnedServer> =>
    spawnServer([
      '--store',
      'sqlite',
      '--data-dir',
      dataDir,
      ...(ports ? ['--port', String(ports.tcpPort), '--http-port', String(ports.httpPort)] : []),
    ]);
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    server.child.kill(signal);
    await server.exited;
  };

  beforeAll(async () => {
    server = await start();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes from the last sequence seen: every missed message once, in order, and queued sends once', async () => {
    // Long delays so that the test decides when the client retries (reconnectNow), not a timer.
    const alice = new ChatClient({
      url: `tcp://127.0.0.1:${server.tcpPort}`,
      nick: 'alice',
      rooms: ['resume'],
      reconnect: { initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
    });
    clients.push(alice);
    const states = record(alice, 'state');
    const messages = record(alice, 'message');
    const replays = record(alice, 'replayed');
    await alice.connect();
    await alice.join('resume');
    await alice.send('resume', 'before the outage');

    await stop();
    await states.until((s) => s.state === 'disconnected', 'the disconnect');
    expect(states.all.find((s) => s.state === 'disconnected')).toMatchObject({ reason: 'server_shutdown' });
    const offline = ['typed offline 1', 'typed offline 2', 'typed offline 3'].map((t) =>
      alice.send('resume', t),
    );
    expect(alice.queued).toBe(3);

    server = await start(server);
    const bob = new ChatClient({ url: server.wsUrl, nick: 'bob', rooms: ['resume'] });
    clients.push(bob);
    const bobMessages = record(bob, 'message');
    await bob.connect();
    await bob.join('resume');
    for (let i = 1; i <= 5; i++) await bob.send('resume', `missed ${i}`);

    alice.reconnectNow();
    const acks = await Promise.all(offline);
    await replays.untilCount((r) => r.room === 'resume', 2, 'replay markers');
    expect(replays.all[1]).toMatchObject({ mode: 'resume', complete: true, count: 5 });
    await messages.until((m) => m.text === 'typed offline 3', 'the last offline message');

    expect(messages.all.map((m) => m.text)).toEqual([
      'before the outage',
      'missed 1',
      'missed 2',
      'missed 3',
      'missed 4',
      'missed 5',
      'typed offline 1',
      'typed offline 2',
      'typed offline 3',
    ]);
    expect(messages.all.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(acks.map((a) => [a.seq, a.duplicate])).toEqual([
      [7, false],
      [8, false],
      [9, false],
    ]);
    expect(states.all.filter((s) => s.state === 'connected').at(-1)).toMatchObject({
      reconnected: true,
      nick: 'alice',
    });
    // Bob, who was there all along, got alice's queued lines exactly once.
    await bobMessages.until((m) => m.text === 'typed offline 3', 'the queued lines');
    expect(bobMessages.all.filter((m) => m.text.startsWith('typed offline')).map((m) => m.seq)).toEqual([
      7, 8, 9,
    ]);
  });

  it('reconnects by itself with backoff after a crash, and rejoins its rooms', async () => {
    const carol = new ChatClient({
      url: server.wsUrl,
      nick: 'carol',
      rooms: ['crash'],
      reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
    });
    clients.push(carol);
    const states = record(carol, 'state');
    const roomEvents = record(carol, 'room');
    await carol.connect();
    await roomEvents.until((r) => r.kind === 'joined', 'the join');
    await stop('SIGKILL');
    await states.until((s) => s.state === 'disconnected', 'the disconnect');
    const down = states.all.find((s) => s.state === 'disconnected');
    expect(down).toMatchObject({ state: 'disconnected', attempt: 1 });
    expect(['transport_error', 'server_closed']).toContain((down as { reason: string }).reason);

    server = await start(server);
    await states.until((s) => s.state === 'connected' && s.reconnected, 'the reconnect');
    await roomEvents.until((r) => r.kind === 'joined' && r.rejoined, 'the rejoin');
    expect(carol.room('crash')).toMatchObject({ joined: true, members: ['carol'] });
    // Every disconnect in between was followed by a retry: the machine never stalled.
    const sequence = states.all.map((s) => s.state);
    expect(sequence[0]).toBe('connecting');
    expect(sequence.at(-1)).toBe('connected');
    for (let i = 1; i < sequence.length; i++) {
      const [before, now] = [sequence[i - 1], sequence[i]];
      const allowed: Record<string, string[]> = {
        connecting: ['connected', 'disconnected'],
        connected: ['disconnected'],
        disconnected: ['connecting'],
      };
      expect(allowed[before!]).toContain(now);
    }
  });
});
