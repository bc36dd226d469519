// The WebSocket transport frames server messages with ws's public frame builder: the bytes must be exactly the
// unmasked text frames of RFC 6455 for each of the three length encodings, framed once per broadcast.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { CloseInfo, ConnectionHandler } from '../../../src/server/transports/connection.js';
import { WsConnection, textFrame } from '../../../src/server/transports/ws.js';
import { makeCertificate } from '../../support/tls.js';

/** A payload of n bytes that differ from one another (so that a shifted copy would show). */
function payload(n: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = 0x20 + (i % 90);
  return bytes;
}

// FIN + text opcode, then the length: 7 bits up to 125, 126 + 16 bits up to 65535, 127 + 64 bits beyond.
const cases: [number, string][] = [
  [0, '8100'],
  [1, '8101'],
  [125, '817d'],
  [126, '817e007e'],
  [65535, '817effff'],
  [65536, '817f0000000000010000'],
];

describe('textFrame', () => {
  it.each(cases)('frames %i bytes as an unmasked text frame with header %s', (n, header) => {
    const data = payload(n);
    const frame = textFrame(data);
    expect(frame.subarray(0, header.length / 2).toString('hex')).toBe(header);
    expect(frame.length).toBe(header.length / 2 + n);
    expect(frame.subarray(header.length / 2).equals(data)).toBe(true);
  });

  it('frames a broadcast once: the same payload gets the same buffer, another payload a new one', () => {
    const first = payload(200);
    const frame = textFrame(first);
    expect(textFrame(first)).toBe(frame);
    const second = payload(200); // equal bytes, another message
    const again = textFrame(second);
    expect(again).not.toBe(frame);
    expect(again.equals(frame)).toBe(true);
  });
});

/** A handler that keeps what the connection reports. */
class Recorder implements ConnectionHandler {
  readonly messages: string[] = [];
  closedWith: CloseInfo | undefined;
  message(payload: Uint8Array): void {
    this.messages.push(Buffer.from(payload).toString('utf8'));
  }
  alive(): void {}
  backlogged(): void {}
  closed(info: CloseInfo): void {
    this.closedWith = info;
  }
  protocolError(): void {}
}

/** The server side of one upgraded WebSocket, and the socket the upgrade handed over. */
interface Upgraded {
  connection: WsConnection;
  socket: Duplex;
}

describe('WsConnection on the socket the upgrade hands over', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const step of cleanup.splice(0)) step();
  });

  /** Listen on port 0 (HTTP or HTTPS), connect one ws client, and return both ends. */
  async function open(secure: boolean): Promise<{ server: Upgraded; client: WebSocket }> {
    const certificate = secure ? makeCertificate() : null;
    const listener = certificate
      ? https.createServer({ cert: certificate.cert, key: certificate.key })
      : http.createServer();
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
    const upgraded = new Promise<Upgraded>((resolve) => {
      listener.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
        wss.handleUpgrade(req, socket, head, (ws) => {
          resolve({ connection: new WsConnection(ws, socket, 1 << 20), socket });
        });
      });
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => listener.close());
    const { port } = listener.address() as AddressInfo;
    const client = new WebSocket(`${secure ? 'wss' : 'ws'}://127.0.0.1:${port}/`, {
      ...(certificate ? { ca: certificate.cert } : {}),
    });
    cleanup.push(() => client.terminate());
    await new Promise<void>((resolve, reject) => {
      client.once('open', () => resolve());
      client.once('error', reject);
    });
    return { server: await upgraded, client };
  }

  it.each([
    ['ws://', false],
    ['wss://', true],
  ])('over %s writes one iteration of messages as one write of ws text frames', async (_name, secure) => {
    const { server, client } = await open(secure);
    const received: string[] = [];
    const all = new Promise<void>((resolve) => {
      client.on('message', (data, isBinary) => {
        expect(isBinary).toBe(false);
        received.push(String(data));
        if (received.length === 3) resolve();
      });
    });
    const recorder = new Recorder();
    server.connection.start(recorder);
    const write = vi.spyOn(server.socket, 'write');
    const texts = ['one', 'x'.repeat(200), 'three'];
    for (const text of texts) server.connection.send(Buffer.from(text));
    expect(write).not.toHaveBeenCalled(); // queued for the end of the iteration
    await all;
    expect(received).toEqual(texts);
    expect(write).toHaveBeenCalledTimes(1);
    const expected = Buffer.concat(texts.map((text) => textFrame(Buffer.from(text))));
    expect(Buffer.from(write.mock.calls[0]![0] as Uint8Array).equals(expected)).toBe(true);
    expect(server.connection.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);

    client.send('hello');
    await vi.waitFor(() => expect(recorder.messages).toEqual(['hello']));
    client.close(1000);
    await vi.waitFor(() => expect(recorder.closedWith).toEqual({ clean: true }));
  });
});
