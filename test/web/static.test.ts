// Serving the web client: content types, caching, the Content-Security-Policy, path traversal, and the page shown
// when the client is not built. Real HTTP servers on loopback, real files.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticHandler, WEB_DIST_DIR } from '../../src/server/transports/static.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { ensureWebBuilt } from './harness.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with the path sent exactly as given (no normalisation by the client). */
function get(
  port: number,
  rawPath: string,
  headers: http.OutgoingHttpHeaders = {},
  method = 'GET',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the built web client, served by parley serve', () => {
  let server: TestServer;
  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('serves the page with a strict CSP, revalidated on every load', async () => {
    const page = await get(server.httpPort, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).toContain('<div id="app">');
    const csp = page.headers['content-security-policy']!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    // 'self' covers ws:// and wss:// to the page's host; nothing is taken from the request's Host header.
    expect(csp).toMatch(/(^|; )connect-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');

    const hostile = await get(server.httpPort, '/', { host: 'evil.example' });
    expect(hostile.headers['content-security-policy']).toBe(csp);
    expect(hostile.headers['content-security-policy']).not.toContain('evil');

    const again = await get(server.httpPort, '/', { 'if-none-match': page.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves the hashed assets the page names, cached for a year, with their content types', async () => {
    const page = await get(server.httpPort, '/index.html');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)![1]!;
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(page.body)![1]!;
    const js = await get(server.httpPort, script);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-security-policy']).toBeUndefined();
    const css = await get(server.httpPort, `${style}?v=1`);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const icon = await get(server.httpPort, '/favicon.svg');
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD without a body, and leaves other routes alone', async () => {
    const head = await get(server.httpPort, '/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(
      readFileSync(path.join(WEB_DIST_DIR, 'index.html')).length,
    );
    expect(head.body).toBe('');
    expect((await get(server.httpPort, '/healthz')).status).toBe(200);
    expect((await get(server.httpPort, '/no/such/page')).status).toBe(404);
    expect((await get(server.httpPort, '/assets/missing-0000.js')).status).toBe(404);
    expect((await get(server.httpPort, '/', {}, 'POST')).status).toBe(404);
  });
});

describe('the static handler on its own folder', () => {
  let base: string;
  let root: string;
  let servers: http.Server[] = [];

  /** A bare HTTP server with only the static handler (404 when it passes). */
  async function serve(folder: string): Promise<number> {
    const handler = staticHandler(folder);
    const server = http.createServer((req, res) => {
      void Promise.resolve(handler(req, res)).then((done) => {
        if (!done) res.writeHead(404).end('not found\n');
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), 'parley-static-'));
    root = path.join(base, 'dist');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(path.join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(root, '.env'), 'SECRET=inside');
    writeFileSync(path.join(base, 'secret.txt'), 'SECRET=outside');
    writeFileSync(path.join(base, 'dist-evil.txt'), 'SECRET=sibling');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    servers = [];
  });

  it('never serves a file outside its folder, or a hidden one', async () => {
    const port = await serve(root);
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/....//secret.txt',
      '/../dist-evil.txt',
      '//../secret.txt',
      '/.env',
      '/assets/%2e%2e/.env',
    ];
    for (const attempt of attempts) {
      const reply = await get(port, attempt);
      expect(reply.body, attempt).not.toContain('SECRET');
      expect([400, 404], attempt).toContain(reply.status);
    }
    expect((await get(port, '/%00')).status).toBe(400);
    expect((await get(port, '/%E0%A4%A')).status).toBe(400);
    expect((await get(port, '/assets/app-abc123.js')).body).toBe('console.log(1)');
  });

  it('says how to build the client when it is not built', async () => {
    const port = await serve(path.join(base, 'not-built'));
    const page = await get(port, '/');
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('not built');
    expect(page.body).toContain('npm run build');
    expect((await get(port, '/assets/app.js')).status).toBe(404);
  });
});
