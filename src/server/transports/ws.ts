// A WebSocket as a message-oriented Connection: one message per frame, liveness by WebSocket ping/pong.
import { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Connection, ConnectionHandler } from './connection.js';
import { WriteBatch } from './stream.js';
import type { BacklogListener } from './stream.js';

/** How long a closing WebSocket may take to finish its closing handshake before it is dropped. */
const CLOSE_FLUSH_MS = 2000;

/** Close codes that mean the peer went away on purpose (normal closure, going away). */
const CLEAN_CLOSE_CODES = new Set([1000, 1001]);

// The last payload framed and its frame: a broadcast hands the same bytes to every member in a row, so one
// entry frames each broadcast once. Safe because sent bytes are never modified (they are shared and queued).
let lastPayload: Uint8Array | null = null;
let lastFrame: Buffer = Buffer.alloc(0);

/** An unmasked, unfragmented text frame (what a server sends) holding this payload. */
function textFrame(payload: Uint8Array): Buffer {
  if (payload === lastPayload) return lastFrame;
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81; // FIN, text
  if (n < 126) frame[1] = n;
  else if (n < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(n, 6);
  }
  frame.set(payload, head);
  lastPayload = payload;
  lastFrame = frame;
  return frame;
}

/**
 * The socket under a ws WebSocket (ws keeps it in a field its types do not declare), or null if that changes.
 * Writing frames to it directly is in order with ws's own writes: without permessage-deflate (off on our server)
 * ws writes every frame synchronously and queues nothing.
 */
function socketOf(ws: WebSocket): Socket | null {
  const socket = rawSocket(ws);
  return socket !== null && ws.extensions === '' ? socket : null;
}

/** The socket under a ws WebSocket, whatever its extensions; null if ws stops keeping it there. */
function rawSocket(ws: WebSocket): Socket | null {
  const socket = (ws as unknown as { _socket?: unknown })._socket;
  return socket instanceof Socket ? socket : null;
}

/** The handler of a WebSocket's events: lets the listeners be shared functions, not closures per connection. */
const HANDLER = Symbol('parley.handler');
type HandledWebSocket = WebSocket & { [HANDLER]: ConnectionHandler };

function onWsMessage(this: WebSocket, data: Buffer): void {
  (this as HandledWebSocket)[HANDLER].message(data);
}

function onWsPong(this: WebSocket): void {
  (this as HandledWebSocket)[HANDLER].alive();
}

function onWsClose(this: WebSocket, code: number): void {
  (this as HandledWebSocket)[HANDLER].closed({ clean: CLEAN_CLOSE_CODES.has(code) });
}

function ignore(): void {}

/** A WebSocket connection. */
export class WsConnection implements Connection, BacklogListener {
  readonly transport = 'ws' as const;
  /** The raw socket and its batch; null means ws.send for each message (slower, same bytes on the wire). */
  private readonly socket: Socket | null;
  private readonly out: WriteBatch | null;

  constructor(
    private readonly ws: WebSocket,
    /** Output a peer may leave unread before it is cut off as a slow consumer. */
    private readonly maxOutboundBytes: number,
  ) {
    this.socket = socketOf(ws);
    this.out = this.socket && new WriteBatch(this, this, maxOutboundBytes);
  }

  /** The peer's address, read when asked (logs only), not kept per connection. */
  get remoteAddress(): string {
    const socket = rawSocket(this.ws);
    return `${socket?.remoteAddress ?? '?'}:${socket?.remotePort ?? '?'}`;
  }

  /** Whether queued frames may still go out: not once a close frame has been sent or received. */
  get writable(): boolean {
    return this.ws.readyState === this.ws.OPEN && this.socket!.writable;
  }

  /** Bytes written to the socket and not yet taken by the kernel (the batch reads this). */
  get writableLength(): number {
    return this.socket!.writableLength;
  }

  /** The peer stopped reading. */
  backlogged(): void {
    (this.ws as HandledWebSocket)[HANDLER]?.backlogged();
  }

  /** Write whole frames to the socket (the batch calls this). */
  write(frames: Uint8Array): boolean {
    return this.socket!.write(frames);
  }

  get bufferedBytes(): number {
    return this.ws.bufferedAmount + (this.out?.pendingBytes ?? 0);
  }

  start(handler: ConnectionHandler): void {
    (this.ws as HandledWebSocket)[HANDLER] = handler;
    this.ws.on('message', onWsMessage);
    this.ws.on('pong', onWsPong);
    // ws reports protocol violations (oversized or non-UTF-8 frames) as errors and then closes with 1009 or 1007.
    this.ws.on('error', ignore);
    this.ws.on('close', onWsClose); // emitted once; once() would add a bound wrapper per connection
  }

  send(bytes: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    // Frame once per broadcast and coalesce: one write per member per loop iteration instead of one per message.
    if (this.out) {
      this.out.push(textFrame(bytes));
    } else {
      this.ws.send(bytes, { binary: false });
      if (this.ws.bufferedAmount > this.maxOutboundBytes) this.backlogged();
    }
  }

  /** Write what is queued now rather than at the end of the loop iteration. */
  flush(): void {
    this.out?.flush();
  }

  close(): void {
    if (this.ws.readyState === this.ws.CLOSED) return;
    this.out?.flush(); // queued messages go before the close frame
    this.ws.close(1000);
    setTimeout(() => this.ws.terminate(), CLOSE_FLUSH_MS).unref();
  }

  destroy(): void {
    this.out?.discard();
    this.ws.terminate();
  }

  probe(): boolean {
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
    return true;
  }
}
