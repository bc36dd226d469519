// Clients on TCP, TLS and WebSocket share rooms and see each other's messages with ids, sequences and times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { makeCertificate } from '../support/tls.js';

describe('chat across transports', () => {
  let server: TestServer;
  const cert = makeCertificate();

  beforeAll(async () => {
    server = await startTestServer({ tlsCert: cert.certPath, tlsKey: cert.keyPath });
  });
  afterAll(() => server.close());

  it('relays a room message from TCP to WebSocket and TLS with from, mid, seq and ts', async () => {
    const tcp = await TcpTestClient.open(server.tcpPort);
    const ws = await WsTestClient.open(server.wsUrl);
    const secure = await TcpTestClient.openTls(server.tcpPort, cert.cert);
    expect((await tcp.connect('tcpuser')).version).toBe(1);
    await ws.connect('wsuser');
    await secure.connect('tlsuser');
    await tcp.join('lobby');
    await ws.join('lobby');
    const joined = await secure.join('lobby');
    expect(joined.members).toEqual(['tcpuser', 'tlsuser', 'wsuser']);

    const ack = await tcp.request({ action: 'chat', room: 'lobby', message: 'hello everyone' });
    expect(ack).toMatchObject({
      action: 'chat',
      room: 'lobby',
      from: 'tcpuser',
      message: 'hello everyone',
      seq: 1,
    });
    expect(typeof ack.mid).toBe('string');
    expect(Math.abs((ack.ts as number) - Date.now())).toBeLessThan(60_000);
    for (const client of [ws, secure]) {
      const got = await client.next({ action: 'chat', message: 'hello everyone' });
      expect(got).toMatchObject({ from: 'tcpuser', mid: ack.mid, seq: 1, ts: ack.ts });
      expect(got.id).toBeUndefined();
    }
    const reply = await ws.request({ action: 'chat', room: 'lobby', message: 'hi from the web' });
    expect(reply.seq).toBe(2);
    expect(await tcp.next({ action: 'chat', from: 'wsuser' })).toMatchObject({
      message: 'hi from the web',
      seq: 2,
    });
    for (const c of [tcp, ws, secure]) c.close();
  });

  it('keeps sequence numbers per room', async () => {
    const a = await WsTestClient.open(server.wsUrl);
    await a.connect('seqer');
    await a.join('one');
    await a.join('two');
    const s1 = await a.request({ action: 'chat', room: 'one', message: 'x' });
    const s2 = await a.request({ action: 'chat', room: 'two', message: 'y' });
    const s3 = await a.request({ action: 'chat', room: 'one', message: 'z' });
    expect([s1.seq, s2.seq, s3.seq]).toEqual([1, 1, 2]);
    a.close();
  });
});
