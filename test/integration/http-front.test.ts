// What the HTTP port shows and to whom: WebSocket origins, /metrics access, what /healthz discloses, and the
// nosniff header on every answer. Real servers on loopback.
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { originAllowed, originPolicy } from '../../src/server/transports/origin.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(port: number, pathname: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

/** Open a WebSocket with these headers: the status of a refused handshake, or 101 once open (then closed). */
function handshake(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('WebSocket origins', () => {
  let server: TestServer;
  let host: string;
  beforeAll(async () => {
    server = await startTestServer({ allowedOrigins: ['https://Chat.Example.org', 'http://localhost:5173'] });
    host = `127.0.0.1:${server.httpPort}`;
  });
  afterAll(() => server.close());

  const paths = ['/ws', '/chat', '/echo'];

  it.each(paths)('refuses a cross-site page on %s with 403', async (p) => {
    const url = `ws://${host}${p}`;
    expect(await handshake(url, { Origin: 'https://evil.example' })).toBe(403);
    // Same host, another port: another origin.
    expect(await handshake(url, { Origin: `http://127.0.0.1:${server.httpPort + 1}` })).toBe(403);
    expect(await handshake(url, { Origin: 'null' })).toBe(403);
  });

  it.each(paths)('accepts the same origin, a listed one and none on %s', async (p) => {
    const url = `ws://${host}${p}`;
    expect(await handshake(url, { Origin: `http://${host}` })).toBe(101);
    expect(await handshake(url, { Origin: 'https://chat.example.org' })).toBe(101);
    expect(await handshake(url, { Origin: 'http://localhost:5173' })).toBe(101);
    expect(await handshake(url, {})).toBe(101);
  });

  it('allows any origin when * is listed', async () => {
    const open = await startTestServer({ allowedOrigins: '*' });
    try {
      expect(await handshake(open.wsUrl, { Origin: 'https://anywhere.example' })).toBe(101);
    } finally {
      await open.close();
    }
  });

  it('matches host and port with default ports spelled out or not', () => {
    const none = originPolicy([]);
    expect(originAllowed('https://chat.example', 'chat.example', none)).toBe(true);
    expect(originAllowed('https://chat.example', 'chat.example:443', none)).toBe(true);
    expect(originAllowed('http://chat.example:80', 'chat.example', none)).toBe(true);
    expect(originAllowed('https://chat.example', 'chat.example:80', none)).toBe(false);
    expect(originAllowed('https://chat.example', 'other.example', none)).toBe(false);
    expect(originAllowed('https://chat.example', 'chat.example/x', none)).toBe(false);
    expect(originAllowed('https://chat.example', 'evil@chat.example', none)).toBe(false);
    expect(originAllowed('https://chat.example', undefined, none)).toBe(false);
    expect(originAllowed(undefined, 'chat.example', none)).toBe(true);
    expect(originAllowed('https://a.example', 'b.example', originPolicy(['https://A.example/']))).toBe(true);
  });
});

describe('/metrics access', () => {
  const servers: TestServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));
  const start = async (metrics?: 'public' | 'loopback' | 'off'): Promise<TestServer> => {
    const server = await startTestServer(metrics ? { metrics } : {});
    servers.push(server);
    return server;
  };

  it('serves loopback clients by default, but not requests a proxy forwarded', async () => {
    const server = await start();
    const direct = await get(server.httpPort, '/metrics');
    expect(direct.status).toBe(200);
    expect(direct.body).toContain('parley_sessions');
    expect(direct.body).toContain('parley_connections_refused_total');
    for (const header of ['X-Forwarded-For', 'Forwarded', 'X-Real-IP']) {
      const proxied = await get(server.httpPort, '/metrics', { [header]: '203.0.113.9' });
      expect(proxied.status).toBe(403);
      expect(proxied.body).not.toContain('parley_');
    }
  });

  it('serves anyone when public, and nobody when off', async () => {
    const open = await start('public');
    expect((await get(open.httpPort, '/metrics', { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(200);
    const off = await start('off');
    const answer = await get(off.httpPort, '/metrics');
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('parley_');
  });
});

describe('/healthz and the other answers of the HTTP port', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      store: 'sqlite',
      dataDir: mkdtempSync(path.join(tmpdir(), 'parley-hz-')),
    });
  });
  afterAll(() => server.close());

  it('reports the kind of store, never its path', async () => {
    const health = await get(server.httpPort, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', store: 'sqlite' });
    expect(health.body).not.toContain('parley-hz-');
    expect(health.body).not.toContain('.db');
  });

  it('sends nosniff with every answer, 404s included', async () => {
    for (const p of ['/healthz', '/metrics', '/no/such/page']) {
      const answer = await get(server.httpPort, p);
      expect(answer.headers['x-content-type-options'], p).toBe('nosniff');
    }
    expect((await get(server.httpPort, '/no/such/page')).status).toBe(404);
  });
});
