// Silent and half-done connections are closed by the server on every listener: a connection that sends nothing,
// a TLS handshake that stalls, HTTP headers that never end. Real sockets, a short --hello-timeout.
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { makeCertificate } from '../support/tls.js';

const HELLO_MS = 300;
/** Far more than the hello timeout: a connection still open by then was never going to be closed. */
const BOUND_MS = 8000;

/** What the server said on a socket until it closed it; rejects if it is still open after BOUND_MS. */
function saidUntilClosed(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let said = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${BOUND_MS} ms`));
    }, BOUND_MS);
    socket.on('data', (d: Buffer) => (said += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(said);
    });
  });
}

/** Open a connection, send bytes (if any), and resolve with what the server said once it closed the connection. */
function closedByServer(port: number, bytes?: Buffer | string): Promise<string> {
  const socket = net.connect(port, '127.0.0.1', () => {
    if (bytes !== undefined) socket.write(bytes);
  });
  return saidUntilClosed(socket);
}

/** A TLS connection that completes its handshake and then says nothing; resolves once the server closes it. */
async function silentTls(port: number, ca: Buffer): Promise<string> {
  const socket = tls.connect({ port, host: '127.0.0.1', ca, servername: 'localhost' });
  let secure = false;
  socket.on('secureConnect', () => (secure = true));
  const said = await saidUntilClosed(socket);
  if (!secure) throw new Error('the handshake did not complete');
  return said;
}

/** The first bytes of a TLS ClientHello, and no more: a handshake that stalls. */
const PARTIAL_HELLO = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);

describe.each([
  ['with TLS', true],
  ['without TLS', false],
])('connection bounds %s', (_name, withTls) => {
  const cert = makeCertificate();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      helloTimeout: HELLO_MS,
      ...(withTls ? { tlsCert: cert.certPath, tlsKey: cert.keyPath } : {}),
    });
  });
  afterAll(() => server.close());

  it('closes a silent connection to the HTTP port', async () => {
    const said = await closedByServer(server.httpPort);
    // Without TLS the HTTP server answers 408; with it, the port waits for the first byte and then hangs up.
    if (!withTls) expect(said).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection to the HTTP port whose headers never end', async () => {
    const said = await closedByServer(
      server.httpPort,
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ',
    );
    expect(said).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes an idle keep-alive connection after its request', async () => {
    const said = await closedByServer(server.httpPort, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(said).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('closes a silent connection to the TCP port', async () => {
    expect(await closedByServer(server.tcpPort)).toBe('');
  });

  it.runIf(withTls)('closes a stalled TLS handshake on the HTTP port and on the TCP port', async () => {
    await closedByServer(server.httpPort, PARTIAL_HELLO);
    await closedByServer(server.tcpPort, PARTIAL_HELLO);
  });

  it.runIf(withTls)('closes a silent TLS connection on the HTTP port and on the TCP port', async () => {
    expect(await silentTls(server.httpPort, cert.cert)).toMatch(/^HTTP\/1\.1 408 /);
    await silentTls(server.tcpPort, cert.cert);
  });

  it('leaves an upgraded WebSocket alone once the HTTP request is done', async () => {
    const client = await WsTestClient.open(server.wsUrl);
    await client.connect();
    await new Promise((resolve) => setTimeout(resolve, HELLO_MS * 4));
    // Served after several hello timeouts: the HTTP request timeouts ended with the upgrade.
    expect(await client.join('later')).toMatchObject({ action: 'ok' });
    client.close();
  });
});
