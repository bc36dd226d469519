// With a certificate, the HTTP port serves HTTPS and wss:// beside plain HTTP and ws://, on the same port.
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { makeCertificate } from '../support/tls.js';

function httpsGet(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, agent: false }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('HTTPS and wss on the HTTP port', () => {
  const cert = makeCertificate();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ tlsCert: cert.certPath, tlsKey: cert.keyPath });
  });
  afterAll(() => server.close());

  it('answers health over HTTPS and plain HTTP alike', async () => {
    const secure = await httpsGet(`https://localhost:${server.httpPort}/healthz`, cert.cert);
    expect(secure.status).toBe(200);
    expect(JSON.parse(secure.body)).toMatchObject({ status: 'ok' });
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
  });

  it('lets a wss:// client chat with a ws:// client', async () => {
    const plain = await WsTestClient.open(server.wsUrl);
    const ws = new WebSocket(`wss://localhost:${server.httpPort}/ws`, { ca: cert.cert });
    const received: Record<string, unknown>[] = [];
    ws.on('message', (d) => received.push(JSON.parse(d.toString()) as Record<string, unknown>));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ action: 'connect', username: 'secure-web' }));
    ws.send(JSON.stringify({ action: 'joinroom', room: 'tls-room', id: 'j' }));
    await plain.connect('plain-web');
    await plain.join('tls-room');
    await plain.request({ action: 'chat', room: 'tls-room', message: 'over plain ws' });
    await expect
      .poll(() => received.find((m) => m.message === 'over plain ws'))
      .toMatchObject({ from: 'plain-web' });
    ws.close();
    plain.close();
  });

  it('refuses a certificate the client does not trust', async () => {
    await expect(
      httpsGet(`https://localhost:${server.httpPort}/healthz`, makeCertificate().cert),
    ).rejects.toThrow();
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
  });
});
