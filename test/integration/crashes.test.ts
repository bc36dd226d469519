// Requests that used to kill the server process: an upgrade whose target is not a URL, and clients that reset a
// connection the server is answering, closing or handing over. A real process, so that a crash is seen as one.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WsTestClient } from '../support/clients.js';
import { spawnServer } from '../support/spawn.js';
import type { SpawnedServer } from '../support/spawn.js';
import { makeCertificate } from '../support/tls.js';

/** Send raw bytes, then collect everything the server says until it closes the connection. */
function exchange(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

/** An upgrade request for a target, with the usual WebSocket headers. */
function upgrade(target: string): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
  );
}

/** Connect, send bytes, and reset the connection (SO_LINGER 0) once `when` resolves. */
function sendAndReset(
  port: number,
  bytes: Buffer,
  when: (socket: net.Socket) => Promise<unknown>,
): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      void when(socket).then(() => socket.resetAndDestroy());
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const firstData = (socket: net.Socket): Promise<unknown> =>
  new Promise((resolve) => {
    socket.once('data', resolve);
    socket.once('close', resolve);
  });

/** The start of a TLS ClientHello record: enough for the server to hand the socket to TLS, not a whole hello. */
const PARTIAL_HELLO = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);

describe('requests that used to crash the server', () => {
  const cert = makeCertificate();
  let server: SpawnedServer;

  beforeAll(async () => {
    // No per-address limit: sixty connections at once from loopback must all reach the paths under test.
    server = await spawnServer([
      ...['--tls-cert', cert.certPath, '--tls-key', cert.keyPath],
      ...['--max-connections-per-address', '0'],
    ]);
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  /** The process is alive, and a new client is served: it chats with a second one. */
  async function expectServed(): Promise<void> {
    expect(server.child.exitCode).toBeNull();
    const a = await WsTestClient.open(server.wsUrl);
    const b = await WsTestClient.open(server.wsUrl);
    await a.connect();
    await b.connect();
    await a.join('alive');
    await b.join('alive');
    await a.request({ action: 'chat', room: 'alive', message: 'still serving' });
    expect(await b.next({ action: 'chat', message: 'still serving' })).toBeDefined();
    a.close();
    b.close();
  }

  it.each(['//[', '//:99999/ws', 'http://x:99999/ws', '/%', '/%zz/ws'])(
    'answers an upgrade to %s with a 4xx and stays up',
    async (target) => {
      const answer = await exchange(server.httpPort, upgrade(target));
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
      await expectServed();
    },
  );

  it('answers 400 to an upgrade whose target is not a URL', async () => {
    expect(await exchange(server.httpPort, upgrade('//['))).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('survives 60 clients that send unknown bytes to the TCP port and reset', async () => {
    const bytes = Buffer.from([1, 2, 3, 4, 5, 6]);
    // Half reset once the server has answered (it is closing them), half a few milliseconds after sending.
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        sendAndReset(server.tcpPort, bytes, i % 2 === 0 ? firstData : () => sleep(2 + (i % 7))),
      ),
    );
    await expectServed();
  });

  it('survives clients that reset an unknown-protocol answer on the text port of a spawned server', async () => {
    // The text port of spawned servers is chosen by the process: read it from the log line.
    const entry = server.lines
      .map((line) => JSON.parse(line) as { textPort?: number })
      .find((e) => e.textPort !== undefined);
    expect(entry?.textPort).toBeGreaterThan(0);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        sendAndReset(entry!.textPort!, Buffer.from('hello\n'), () => sleep(3)),
      ),
    );
    await expectServed();
  });

  it('survives clients that reset in the middle of a TLS handshake, on both ports', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        sendAndReset(i % 2 ? server.tcpPort : server.httpPort, PARTIAL_HELLO, () => sleep(1 + (i % 5))),
      ),
    );
    await expectServed();
  });

  it('survives clients that reset after an upgrade the server refuses, or in the middle of a request', async () => {
    const refused = Buffer.from(upgrade('/no-such-path'));
    const partial = Buffer.from('GET /healthz HTTP/1.1\r\nHost: 1');
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2
          ? sendAndReset(server.httpPort, refused, i % 3 ? firstData : () => sleep(2))
          : sendAndReset(server.httpPort, partial, () => sleep(1 + (i % 5))),
      ),
    );
    await expectServed();
  });
});
