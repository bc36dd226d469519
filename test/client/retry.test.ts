// A send whose acknowledgement is lost with the connection is sent again with the same key after the reconnect,
// and its promise settles once. A fake server makes the loss exact (a real one cannot drop an ack on cue).
import { afterEach, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src/client/index.js';
import { FakeServer, welcome } from './fake-server.js';
import { record } from './support.js';

describe('a send in flight when the connection drops', () => {
  let fake: FakeServer;
  let client: ChatClient | undefined;
  afterEach(async () => {
    await client?.close();
    await fake.close();
  });

  it('is retried with the same idempotency key and acknowledged once', async () => {
    fake = new FakeServer();
    const url = await fake.listen();
    const stored = new Map<string, number>();
    let dropNext = true;
    fake.script = (message, c) => {
      if (message.action === 'connect') c.send(welcome(message));
      if (message.action === 'joinroom') {
        c.send({
          action: 'ok',
          re: 'joinroom',
          id: message.id,
          room: message.room,
          topic: '',
          members: ['amy'],
        });
        c.send({ action: 'replayed', room: message.room, mode: 'recent', count: 0, last: 0, complete: true });
      }
      if (message.action === 'chat') {
        const key = String(message.key);
        const duplicate = stored.has(key);
        if (!duplicate) stored.set(key, stored.size + 1);
        if (dropNext) {
          dropNext = false;
          c.socket.destroy(); // stored, but the acknowledgement never leaves
          return;
        }
        const seq = stored.get(key)!;
        c.send({
          action: 'chat',
          id: message.id,
          room: message.room,
          message: message.message,
          from: 'amy',
          mid: `m${seq}`,
          seq,
          ts: 1,
          ...(duplicate ? { duplicate: true } : {}),
        });
      }
    };
    client = new ChatClient({
      url,
      nick: 'amy',
      rooms: ['r'],
      reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
    });
    const messages = record(client, 'message');
    await client.connect();
    await client.join('r');
    const ack = await client.send('r', 'only once');
    expect(ack).toEqual({ mid: 'm1', seq: 1, ts: 1, duplicate: true });
    const attempts = fake.connections.flatMap((c) => c.received.filter((m) => m.action === 'chat'));
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.key).toBe(attempts[1]!.key);
    expect(stored.size).toBe(1);
    expect(messages.all.map((m) => m.text)).toEqual(['only once']);
  });
});
