// One load-generator connection over raw sockets: TCP, TLS or a hand-rolled WebSocket client (and
// Socket.IO's packets on top). Raw parsing keeps the generator cheap, so that it measures the server,
// not itself: frames are walked in place and only marked chat deliveries are looked at.
import net from 'node:net';
import tls from 'node:tls';
import { MARK, TS_DIGITS, framingOf, frameClient, parleyFrame, wsPath } from './protocol.js';
import type { Framing, Target } from './protocol.js';

/** What a connection reports to its owner. */
export interface ConnSink {
  /** A marked chat message arrived; markAt is the index of its marker in buf. */
  delivery(conn: Conn, buf: Buffer, markAt: number): void;
  /** One read has been handled. */
  afterRead(conn: Conn): void;
  /** The connection is gone. */
  closed(conn: Conn): void;
}

type Waiter = { needle: Buffer; resolve: () => void };

const HEADER_END = Buffer.from('\r\n\r\n');
const SIO_PING = 0x32;
const SIO_PONG = frameClient('ws', Buffer.from('3'));
// parley pings a native TCP client that has been silent for a heartbeat, and drops it if it does not answer.
const NATIVE_PING = Buffer.from('"action":"ping"');
const NATIVE_PONG = frameClient('len32', Buffer.from('{"action":"pong"}'));
/** How far into a frame the marker may sit (past room names and Socket.IO's event prefix). */
const MARK_WINDOW = 160;

/** An open connection to a server under test. */
export class Conn {
  /** Marked deliveries since the counter was last reset. */
  received = 0;
  /** Every frame read, marked or not (join notices while a room fills, say). */
  frames = 0;
  /** Deliveries whose send time fell inside the measured window. */
  inWindow = 0;
  /** The owner's slot for this connection (its room group), or -1. */
  group = -1;
  closed = false;
  private rest: Buffer | null = null;
  private isUpgraded: boolean;
  private waiter: Waiter | null = null;
  private onUpgrade: (() => void) | null = null;
  private readonly framing: Framing;

  constructor(
    readonly socket: net.Socket,
    readonly target: Target,
    readonly index: number,
    private readonly sink: ConnSink,
  ) {
    this.framing = framingOf(target.kind);
    this.isUpgraded = this.framing !== 'ws';
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.closed = true;
      sink.closed(this);
    });
  }

  /** Send bytes already framed for this wire. */
  write(bytes: Buffer): void {
    if (!this.closed) this.socket.write(bytes);
  }

  /** Resolve when a frame containing this text arrives. */
  waitFor(text: string): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = { needle: Buffer.from(text), resolve };
    });
  }

  /** Resolve when the WebSocket upgrade has been accepted. */
  upgraded(): Promise<void> {
    return new Promise((resolve) => {
      this.onUpgrade = resolve;
    });
  }

  /** Drop the connection at once. */
  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    let buf = chunk;
    if (this.rest !== null) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    let p = this.isUpgraded ? 0 : this.upgrade(buf);
    if (p < 0) return;
    const n = buf.length;
    if (this.framing === 'len32') {
      while (n - p >= 4) {
        const end = p + 4 + buf.readUInt32LE(p);
        if (end > n) break;
        this.frame(buf, p + 4, end);
        p = end;
      }
    } else {
      while (n - p >= 2) {
        const b1 = buf[p + 1]! & 0x7f;
        let head = 2;
        let len = b1;
        if (b1 === 126) {
          if (n - p < 4) break;
          len = buf.readUInt16BE(p + 2);
          head = 4;
        } else if (b1 === 127) {
          if (n - p < 10) break;
          len = buf.readUInt32BE(p + 6);
          head = 10;
        }
        const end = p + head + len;
        if (end > n) break;
        const opcode = buf[p]! & 0x0f;
        if (opcode <= 2) this.frame(buf, p + head, end);
        else if (opcode === 9) this.write(pongFrame(buf.subarray(p + head, end)));
        else if (opcode === 8) this.socket.end();
        p = end;
      }
    }
    if (p < n) this.rest = buf.subarray(p);
    this.sink.afterRead(this);
  }

  /** Consume the HTTP upgrade response; returns where frames start, or -1 when it is incomplete. */
  private upgrade(buf: Buffer): number {
    const at = buf.indexOf(HEADER_END);
    if (at < 0) {
      this.rest = buf;
      return -1;
    }
    if (!buf.subarray(0, 13).toString('latin1').startsWith('HTTP/1.1 101')) {
      this.socket.destroy(new Error(`upgrade refused: ${buf.subarray(0, at).toString('latin1')}`));
      return -1;
    }
    this.isUpgraded = true;
    this.onUpgrade?.();
    this.onUpgrade = null;
    return at + 4;
  }

  private frame(buf: Buffer, start: number, end: number): void {
    this.frames++;
    const limit = Math.min(end - 2 - TS_DIGITS, start + MARK_WINDOW);
    for (let i = start; i < limit; i++) {
      if (buf[i] === MARK) {
        this.received++;
        this.sink.delivery(this, buf, i);
        return;
      }
    }
    if (end - start === 1 && buf[start] === SIO_PING && this.target.kind === 'socketio') {
      this.write(SIO_PONG);
      return;
    }
    if (end - start < 40 && this.framing === 'len32' && buf.subarray(start, end).includes(NATIVE_PING)) {
      this.write(NATIVE_PONG);
      return;
    }
    const waiter = this.waiter;
    if (waiter !== null && buf.subarray(start, end).includes(waiter.needle)) {
      this.waiter = null;
      waiter.resolve();
    }
  }
}

function pongFrame(payload: Buffer): Buffer {
  const out = Buffer.alloc(6 + payload.length);
  out[0] = 0x8a;
  out[1] = 0x80 | payload.length;
  payload.copy(out, 6);
  return out;
}

/** Open a connection and do the target's handshake (and join a room when one is given). */
export async function openConn(
  target: Target,
  index: number,
  room: string | null,
  sink: ConnSink,
  timeoutMs: number,
): Promise<Conn> {
  const socket =
    target.kind === 'parley-tls'
      ? tls.connect({ host: '127.0.0.1', port: target.port, rejectUnauthorized: false })
      : net.connect({ host: '127.0.0.1', port: target.port, noDelay: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`connection ${index} timed out`)), timeoutMs);
  });
  const failed = new Promise<never>((_, reject) => {
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`connection ${index} closed during setup`)));
  });
  try {
    const conn = await Promise.race([handshake(socket, target, index, room, sink), timeout, failed]);
    return conn;
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
    failed.catch(() => undefined);
  }
}

async function handshake(
  socket: net.Socket,
  target: Target,
  index: number,
  room: string | null,
  sink: ConnSink,
): Promise<Conn> {
  await new Promise<void>((resolve) =>
    socket.once(target.kind === 'parley-tls' ? 'secureConnect' : 'connect', () => resolve()),
  );
  if (target.kind === 'parley-tls') socket.setNoDelay(true);
  const conn = new Conn(socket, target, index, sink);
  const kind = target.kind;
  // Waiters are set before the request: the answer may share a read with the upgrade response.
  const opened = kind === 'socketio' ? conn.waitFor('"sid"') : null;
  // parley over WebSocket connects in the upgrade URL: its welcome comes with the upgrade's answer.
  const welcomed = kind === 'parley-ws' ? conn.waitFor('"welcome"') : null;
  if (framingOf(kind) === 'ws') {
    const upgraded = conn.upgraded();
    socket.write(
      `GET ${wsPath(kind, room, index)} HTTP/1.1\r\nHost: 127.0.0.1:${target.port}\r\nUpgrade: websocket\r\n` +
        'Connection: Upgrade\r\nSec-WebSocket-Key: cGFybGV5LWJlbmNoLWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await upgraded;
  }
  if (opened !== null) {
    await opened;
    const connected = conn.waitFor('40');
    conn.write(frameClient('ws', Buffer.from('40')));
    await connected;
  } else if (kind === 'bare-net') {
    conn.write(frameClient('len32', Buffer.from(room ?? '')));
  } else if (kind.startsWith('parley')) {
    if (welcomed !== null) {
      await welcomed;
    } else {
      const welcome = conn.waitFor('"welcome"');
      conn.write(parleyFrame(kind, { action: 'connect', username: `u${index}` }));
      await welcome;
    }
    if (room !== null) {
      const joined = conn.waitFor('"re":"joinroom"');
      conn.write(parleyFrame(kind, { action: 'joinroom', room }));
      await joined;
    }
  }
  return conn;
}
