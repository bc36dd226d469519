// The per-address connection limit, counted across the TCP, text and HTTP ports together: the connection past the
// limit is refused at once, a slot frees when a connection closes, exempt ranges and other addresses are not
// affected. Traffic to 127.0.0.1 only; 127.0.0.2 as a second client address (all of 127/8 is loopback).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FrameDecoder, encodeFrame } from '../../src/protocol/index.js';
import { WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';

/** A raw connection from a chosen local address, with everything it read. */
interface Raw {
  socket: net.Socket;
  read(): Buffer;
  closed: Promise<void>;
}

function open(port: number, localAddress = '127.0.0.1'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.once('connect', () => resolve({ socket, read: () => Buffer.concat(chunks), closed }));
    socket.once('error', reject);
  });
}

/** The native messages in what a raw connection read. */
function frames(bytes: Buffer): Record<string, unknown>[] {
  return new FrameDecoder(4, 1 << 20)
    .push(bytes)
    .frames.map((f) => JSON.parse(Buffer.from(f).toString('utf8')) as Record<string, unknown>);
}

/** A native client on a raw connection: says connect and waits for the welcome (or the close). */
async function nativeHello(raw: Raw): Promise<Record<string, unknown>[]> {
  raw.socket.write(encodeFrame(Buffer.from(JSON.stringify({ action: 'connect', id: 1 })), 4));
  await Promise.race([
    raw.closed,
    expect.poll(() => frames(raw.read()).some((m) => m.action === 'welcome')).toBe(true),
  ]);
  return frames(raw.read());
}

/** The status a WebSocket handshake got: 101 once open (then closed), or the refusing answer's status. */
function handshake(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

describe('connections per address', () => {
  let server: TestServer;
  const raws: Raw[] = [];
  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.socket.destroy();
    await server.close();
  });
  const track = (raw: Raw): Raw => {
    raws.push(raw);
    return raw;
  };

  it('counts every port together and refuses the connection past the limit, on each port', async () => {
    server = await startTestServer({ maxConnectionsPerAddress: 3, textPort: 0 });
    const textPort = server.textPort!;
    // Three connections, one per port: the limit is reached.
    const ws = await WsTestClient.open(server.wsUrl);
    await ws.connect('on-ws');
    const tcp = track(await open(server.tcpPort));
    expect((await nativeHello(tcp)).some((m) => m.action === 'welcome')).toBe(true);
    const text = track(await open(textPort));
    text.socket.write('Hello|ontext');
    await expect.poll(() => text.read().toString()).toContain('ontext a rejoint');

    // The fourth, on any port, is refused at once with an answer its protocol can read.
    const native = track(await open(server.tcpPort));
    await native.closed;
    expect(frames(native.read())).toEqual([
      expect.objectContaining({ action: 'error', code: 'too_many_connections' }),
    ]);
    const line = track(await open(textPort));
    await line.closed;
    expect(line.read().toString()).toMatch(/^parley: Too many connections/);
    const plain = track(await open(server.httpPort));
    await plain.closed;
    expect(plain.read().toString()).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\n/);
    expect(await handshake(server.wsUrl)).toBe(429);

    // The first three were not disturbed.
    expect(await ws.join('still-here')).toMatchObject({ action: 'ok' });
    expect(tcp.socket.destroyed).toBe(false);
    expect(text.socket.destroyed).toBe(false);

    // A closed connection frees its slot.
    ws.close();
    await ws.closedPromise;
    await expect.poll(() => handshake(server.wsUrl), { timeout: 5000 }).toBe(101);
  });

  it('does not count other addresses, nor exempt ranges', async () => {
    server = await startTestServer({ maxConnectionsPerAddress: 1, connectionLimitExempt: '127.0.0.2/32' });
    const first = track(await open(server.tcpPort));
    expect((await nativeHello(first)).some((m) => m.action === 'welcome')).toBe(true);
    const second = track(await open(server.tcpPort));
    await second.closed;
    expect(frames(second.read())[0]).toMatchObject({ code: 'too_many_connections' });
    // 127.0.0.2 is exempt: as many as it likes, while 127.0.0.1 stays at its limit.
    for (let i = 0; i < 3; i++) {
      const exempt = track(await open(server.tcpPort, '127.0.0.2'));
      expect((await nativeHello(exempt)).some((m) => m.action === 'welcome')).toBe(true);
    }
  });

  it('limits each address on its own', async () => {
    server = await startTestServer({ maxConnectionsPerAddress: 1 });
    const a = track(await open(server.tcpPort, '127.0.0.1'));
    const b = track(await open(server.tcpPort, '127.0.0.3'));
    expect((await nativeHello(a)).some((m) => m.action === 'welcome')).toBe(true);
    expect((await nativeHello(b)).some((m) => m.action === 'welcome')).toBe(true);
    const c = track(await open(server.tcpPort, '127.0.0.3'));
    await c.closed;
    expect(frames(c.read())[0]).toMatchObject({ code: 'too_many_connections' });
  });

  it('refuses a configuration whose exempt list holds something else than addresses', async () => {
    await expect(startTestServer({ connectionLimitExempt: 'proxy.local' })).rejects.toThrow(
      /"proxy.local" is not an address or a CIDR range/,
    );
    server = await startTestServer(); // for afterEach
  });
});
