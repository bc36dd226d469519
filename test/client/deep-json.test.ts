// The SDK reads server frames only, but a hostile or broken server must not hand it a value nested thousands deep.
import { afterEach, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src/client/index.js';
import { encodeFrame } from '../../src/protocol/index.js';
import { FakeServer, welcome } from './fake-server.js';
import { record } from './support.js';

describe('the SDK decoder', () => {
  let fake: FakeServer;
  let client: ChatClient | undefined;

  afterEach(async () => {
    await client?.close();
    await fake.close();
  });

  it('drops a connection whose server sends JSON nested too deeply, as a protocol error', async () => {
    fake = new FakeServer();
    const url = await fake.listen();
    fake.script = (message, c) => {
      if (message.action === 'connect') c.send(welcome(message));
    };
    client = new ChatClient({
      url,
      nick: 'reader',
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const states = record(client, 'state');
    await client.connect();
    const deep = '['.repeat(30_000) + ']'.repeat(30_000);
    const frame = `{"action":"chat","room":"r","from":"x","message":${deep},"mid":"m","seq":1,"ts":1}`;
    fake.connections[0]!.socket.write(encodeFrame(Buffer.from(frame)));
    await states.until((s) => s.state === 'disconnected', 'a disconnect');
    expect(states.all.find((s) => s.state === 'disconnected')).toMatchObject({ reason: 'protocol_error' });
  });
});
