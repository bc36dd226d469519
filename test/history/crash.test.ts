// A real server process killed with SIGKILL while clients send: after a restart on the same data directory,
// every acknowledged message is in history exactly once, in order, and retries with the same keys make no copies.
import { afterEach, describe, expect, it } from 'vitest';
import { TcpTestClient } from '../support/clients.js';
import { spawnServer } from '../support/spawn.js';
import type { SpawnedServer } from '../support/spawn.js';
import { messagesOf, pageForward, range, sendMany, sleep, tempDataDir, waitUntil } from './support.js';

type Json = Record<string, unknown>;

const SENDERS = ['s1', 's2', 's3'];
const PER_SENDER = 3000;
const text = (nick: string, i: number) => `${nick} #${i}`;
const key = (nick: string, i: number) => `${nick}-key-${i}`;

const running: SpawnedServer[] = [];
afterEach(() => {
  for (const server of running.splice(0)) server.child.kill('SIGKILL');
});

async function start(dataDir: string): Promise<SpawnedServer> {
  const server = await spawnServer(['--store', 'sqlite', '--data-dir', dataDir, '--rate', '0']);
  running.push(server);
  return server;
}

async function sender(server: SpawnedServer, nick: string): Promise<TcpTestClient> {
  const c = await TcpTestClient.open(server.tcpPort);
  await c.connect(nick);
  await c.join('crash');
  await c.next('replayed');
  return c;
}

describe('SIGKILL while clients are sending', () => {
  it('loses no acknowledged message and duplicates none, also when clients retry', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const clients = await Promise.all(SENDERS.map((nick) => sender(first, nick)));
    // Each sender sends in bursts of 100 without waiting in between messages, so the senders interleave.
    const isAck = (m: Json) => m.action === 'chat' && typeof m.id === 'number';
    const sending = clients.map(async (c, n) => {
      const nick = SENDERS[n]!;
      for (let from = 1; from <= PER_SENDER && !c.closed; from += 100) {
        for (const i of range(from, from + 99))
          c.send({ action: 'chat', id: i, room: 'crash', message: text(nick, i), key: key(nick, i) });
        const last = from + 99;
        await waitUntil(c, (r) => r.some((m) => m.id === last), `ack ${last}`, 60_000).catch(() => undefined);
      }
    });
    // Kill once a good part is acknowledged, while the rest is still in flight.
    const acks = () => clients.reduce((sum, c) => sum + c.received.filter(isAck).length, 0);
    for (let i = 0; i < 12_000 && acks() < PER_SENDER; i++) await sleep(5);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    await Promise.all(sending);
    await Promise.all(clients.map((c) => c.closedPromise));
    const acked = clients.map((c) => c.received.filter(isAck));

    const second = await start(dataDir);
    const reader = await TcpTestClient.open(second.tcpPort);
    await reader.connect('reader');
    const stored = messagesOf(await pageForward(reader, { room: 'crash' }));
    // Gap-free and in order: the sequence is 1..n with no hole and no repeat.
    expect(stored.map((m) => m.seq)).toEqual(range(1, stored.length));
    const bySeq = new Map(stored.map((m) => [m.seq, m]));
    acked.forEach((acks, n) => {
      for (const ack of acks) {
        expect(bySeq.get(ack.seq)).toMatchObject({ mid: ack.mid, message: ack.message, from: SENDERS[n] });
      }
      // Each sender's messages are stored in the order it sent them, each at most once.
      const own = stored.filter((m) => m.from === SENDERS[n]).map((m) => m.message);
      expect(own).toEqual(range(1, own.length).map((i) => text(SENDERS[n]!, i)));
      expect(own.length).toBeGreaterThanOrEqual(acks.length);
    });

    // Every client retries everything with the same keys: acknowledged ones come back as duplicates of the original.
    const retried = await Promise.all(
      SENDERS.map(async (nick, n) => {
        const c = await sender(second, nick);
        const answers = await sendMany(
          c,
          'crash',
          range(1, PER_SENDER).map((i) => text(nick, i)),
          { keys: range(1, PER_SENDER).map((i) => key(nick, i)) },
        );
        for (const ack of acked[n]!) {
          expect(answers[(ack.id as number) - 1]).toMatchObject({
            mid: ack.mid,
            seq: ack.seq,
            duplicate: true,
          });
        }
        c.close();
        return answers;
      }),
    );
    const fresh = retried.flat().filter((a) => a.duplicate === undefined);
    expect(fresh.map((a) => a.seq).sort((a, b) => (a as number) - (b as number))).toEqual(
      range(stored.length + 1, SENDERS.length * PER_SENDER),
    );
    const after = messagesOf(await pageForward(reader, { room: 'crash' }));
    expect(after.map((m) => m.seq)).toEqual(range(1, SENDERS.length * PER_SENDER));
    expect(new Set(after.map((m) => m.message)).size).toBe(SENDERS.length * PER_SENDER);
    reader.close();
  }, 120_000);
});
