// Raw clients for the tutorial dialects: they speak PROTOCOLS.md byte for byte (no SDK), so tests see exactly what
// the tutorials' own clients see.
import net from 'node:net';
import tls from 'node:tls';
import { FrameDecoder, encodeFrame } from '../../src/protocol/index.js';
import { TestClient } from '../support/clients.js';

type Json = Record<string, unknown>;

/** A length-prefixed JSON client: uint32 LE (the chat demo) or uint24 LE (the case study). */
export class FramedClient extends TestClient {
  /** Every frame's payload as received, in order, including those a test already took with next(). */
  readonly frames: Buffer[] = [];
  private readonly decoder: FrameDecoder;

  private constructor(
    readonly socket: net.Socket,
    readonly prefixBytes: 3 | 4,
  ) {
    super();
    this.decoder = new FrameDecoder(prefixBytes, 16 * 1024 * 1024);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.decoder.push(chunk).frames) {
        const bytes = Buffer.from(frame);
        this.frames.push(bytes);
        this.deliver(JSON.parse(bytes.toString('utf8')) as Json);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.markClosed());
  }

  /** Connect over plain TCP. */
  static open(port: number, prefixBytes: 3 | 4): Promise<FramedClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new FramedClient(socket, prefixBytes)));
      socket.setNoDelay(true);
      socket.once('error', reject);
    });
  }

  /** Connect over TLS as the chat demo does: the certificate pinned, the host name not checked. */
  static openTls(port: number, prefixBytes: 3 | 4, cert: Buffer): Promise<FramedClient> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect(
        { port, host: '127.0.0.1', ca: cert, checkServerIdentity: () => undefined },
        () => resolve(new FramedClient(socket, prefixBytes)),
      );
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.write(this.frame(message));
  }

  /** The framed bytes of a JSON value, as the tutorial's client writes them. */
  frame(message: unknown): Buffer {
    return Buffer.from(encodeFrame(Buffer.from(JSON.stringify(message)), this.prefixBytes));
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.end();
  }
}

type LineMatch = string | RegExp | ((line: string) => boolean);

/** A raw text client (TP6, nc): it collects the newline-ended lines the server sends. */
export class TextClient {
  /** Every line received, in order, including those a test already took. */
  readonly lines: string[] = [];
  /** Every byte received. */
  raw = Buffer.alloc(0);
  private readonly pending: string[] = [];
  private partial = '';
  private waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.raw = Buffer.concat([this.raw, chunk]);
      const parts = (this.partial + chunk.toString('utf8')).split('\n');
      this.partial = parts.pop()!;
      for (const line of parts) this.take(line);
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Connect over plain TCP. */
  static open(port: number): Promise<TextClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new TextClient(socket)));
      socket.setNoDelay(true);
      socket.once('error', reject);
    });
  }

  /** Connect and say hello, then wait for the client's own arrival announcement. */
  static async hello(port: number, pseudo: string, announced = pseudo): Promise<TextClient> {
    const client = await TextClient.open(port);
    client.write(`Hello|${pseudo}`);
    await client.next(`Annonce : ${announced} a rejoint la chatroom`);
    return client;
  }

  /** Write text or bytes as they are. */
  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** Wait for the first line (received so far or later) that matches, and take it. */
  next(match: LineMatch, timeoutMs = 5000): Promise<string> {
    const test = toTest(match);
    const index = this.pending.findIndex(test);
    if (index >= 0) return Promise.resolve(this.pending.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${String(match)}; received ${JSON.stringify(this.lines)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Lines received that no wait took, then forget them. */
  drain(): string[] {
    return this.pending.splice(0);
  }

  close(): void {
    this.socket.end();
  }

  private take(line: string): void {
    this.lines.push(line);
    const waiter = this.waiters.find((w) => w.test(line));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(line);
    } else {
      this.pending.push(line);
    }
  }
}

function toTest(match: LineMatch): (line: string) => boolean {
  if (typeof match === 'string') return (line) => line === match;
  if (match instanceof RegExp) return (line) => match.test(line);
  return match;
}
