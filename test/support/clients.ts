// Raw protocol clients for tests: they speak the wire exactly (no SDK), so tests see what a client sees.
import net from 'node:net';
import tls from 'node:tls';
import WebSocket from 'ws';
import { FrameDecoder, encodeFrame } from '../../src/protocol/index.js';

type Json = Record<string, unknown>;
type Predicate = (message: Json) => boolean;

/** A queue of received messages that tests wait on. */
export abstract class TestClient {
  readonly received: Json[] = [];
  private waiters: { predicate: Predicate; resolve: (m: Json) => void; from: number }[] = [];
  closed = false;
  readonly closedPromise: Promise<void>;
  protected markClosed!: () => void;

  constructor() {
    this.closedPromise = new Promise((resolve) => {
      this.markClosed = () => {
        this.closed = true;
        resolve();
      };
    });
  }

  /** Send a JSON value as one message. */
  abstract send(message: unknown): void;
  /** Send raw bytes as they are (framing included, if any). */
  abstract sendRaw(bytes: Uint8Array | string): void;
  /** Close the connection cleanly. */
  abstract close(): void;

  /** Wait for the first message (received so far or later) matching a predicate, or an action name. */
  next(match: Predicate | string | Json, timeoutMs = 5000): Promise<Json> {
    const predicate = toPredicate(match);
    const found = this.received.find(predicate);
    if (found) {
      this.received.splice(this.received.indexOf(found), 1);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        from: 0,
        resolve: (m: Json) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `timed out waiting for ${JSON.stringify(match)}; received ${JSON.stringify(this.received).slice(0, 2000)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Send a request with an id and wait for the answer carrying that id. */
  async request(message: Json, timeoutMs = 5000): Promise<Json> {
    const id = message.id ?? `r${Math.random().toString(36).slice(2)}`;
    this.send({ ...message, id });
    return this.next((m) => m.id === id, timeoutMs);
  }

  /** Identify with connect and wait for the welcome. */
  async connect(username?: string): Promise<Json> {
    const welcome = await this.request({ action: 'connect', ...(username ? { username } : {}) });
    if (welcome.action !== 'welcome') throw new Error(`connect failed: ${JSON.stringify(welcome)}`);
    return welcome;
  }

  /** Join a room and wait for the ok. */
  async join(room: string): Promise<Json> {
    const ok = await this.request({ action: 'joinroom', room });
    if (ok.action !== 'ok') throw new Error(`join failed: ${JSON.stringify(ok)}`);
    return ok;
  }

  /** Messages received so far that no waiter took, then forget them. */
  drain(): Json[] {
    return this.received.splice(0);
  }

  protected deliver(message: Json): void {
    const waiter = this.waiters.find((w) => w.predicate(message));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(message);
    } else {
      this.received.push(message);
    }
  }
}

function toPredicate(match: Predicate | string | Json): Predicate {
  if (typeof match === 'function') return match;
  if (typeof match === 'string') return (m) => m.action === match;
  return (m) => Object.entries(match).every(([k, v]) => JSON.stringify(m[k]) === JSON.stringify(v));
}

/** A native client over TCP or TLS (uint32-LE frames). */
export class TcpTestClient extends TestClient {
  private readonly decoder = new FrameDecoder(4, 16 * 1024 * 1024);

  private constructor(readonly socket: net.Socket) {
    super();
    socket.on('data', (chunk) => {
      for (const frame of this.decoder.push(chunk).frames)
        this.deliver(JSON.parse(Buffer.from(frame).toString('utf8')) as Json);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.markClosed());
  }

  /** Connect over plain TCP. */
  static open(port: number): Promise<TcpTestClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new TcpTestClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Connect over TLS, trusting the given certificate. */
  static openTls(port: number, ca: Buffer): Promise<TcpTestClient> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', ca, servername: 'localhost' }, () =>
        resolve(new TcpTestClient(socket)),
      );
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.write(encodeFrame(Buffer.from(JSON.stringify(message)), 4));
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.end();
  }
}

/** A native client over WebSocket. */
export class WsTestClient extends TestClient {
  private constructor(readonly ws: WebSocket) {
    super();
    ws.on('message', (data) => this.deliver(JSON.parse(data.toString()) as Json));
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      this.closeCode = code;
      this.markClosed();
    });
  }

  closeCode: number | undefined;

  /** Connect to a WebSocket URL. */
  static open(url: string): Promise<WsTestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new WsTestClient(ws)));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  close(): void {
    this.ws.close(1000);
  }
}
