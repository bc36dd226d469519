// A WebSocket as a message-oriented Connection: one message per frame, liveness by WebSocket ping/pong.
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Sender } from 'ws';
import type { FrameOptions, WebSocket } from 'ws';
import type { Connection, ConnectionHandler } from './connection.js';
import { WriteBatch } from './write-batch.js';
import type { BacklogListener } from './write-batch.js';

/** How long a closing WebSocket may take to finish its closing handshake before it is dropped. */
const CLOSE_FLUSH_MS = 2000;

/** Close codes that mean the peer went away on purpose (normal closure, going away). */
const CLEAN_CLOSE_CODES = new Set([1000, 1001]);

// ws exports its frame writer, `Sender`, from the package (index.js and wrapper.mjs), but @types/ws does not
// declare it; this declares the one static call we use, as ws 8 defines it in lib/sender.js.
declare module 'ws' {
  /** ws's frame writer; only its static frame builder is used here. */
  export class Sender {
    /** The frame for `data`: its header, then the payload itself when there is one (unmasked frames copy nothing). */
    static frame(data: Uint8Array, options: FrameOptions): [Buffer] | [Buffer, Uint8Array];
  }
  /** How Sender.frame builds a frame. */
  export interface FrameOptions {
    fin: boolean;
    rsv1: boolean;
    opcode: number;
    mask: boolean;
    readOnly: boolean;
  }
}

/** What a server sends: one unfragmented, uncompressed, unmasked text frame. */
const TEXT_FRAME: FrameOptions = { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: true };

// The last payload framed and its frame: a broadcast hands the same bytes to every member in a row, so one
// entry frames each broadcast once. Safe because sent bytes are never modified (they are shared and queued).
let lastPayload: Uint8Array | null = null;
let lastFrame: Buffer = Buffer.alloc(0);

/** The text frame holding this payload, as one buffer (framed once per broadcast, shared by every member). */
export function textFrame(payload: Uint8Array): Buffer {
  if (payload === lastPayload) return lastFrame;
  // ws returns the header and the payload apart (so that it can writev them); one buffer lets every member's
  // batch share the frame, as the batch coalesces whole frames.
  const [header] = Sender.frame(payload, TEXT_FRAME);
  const frame = Buffer.allocUnsafe(header.length + payload.length);
  header.copy(frame, 0);
  frame.set(payload, header.length);
  lastPayload = payload;
  lastFrame = frame;
  return frame;
}

/**
 * Whether our own writes may go to the socket beside ws's: without permessage-deflate (off on our server) ws
 * writes every frame synchronously and queues nothing, so whole frames written to the socket directly stay in
 * order with ws's. Otherwise each message goes through ws.send.
 */
function writesDirectly(ws: WebSocket, socket: Socket | null): socket is Socket {
  return socket !== null && ws.extensions === '';
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
  /** The upgraded socket (a net.Socket or tls.TLSSocket), or null for any other stream. */
  private readonly socket: Socket | null;
  /** The batch writing frames to the socket; null means ws.send for each message (slower, same bytes). */
  private readonly out: WriteBatch | null;

  constructor(
    private readonly ws: WebSocket,
    /** The socket the HTTP server's 'upgrade' event handed over, which ws now reads and writes. */
    upgraded: Duplex,
    /** Output a peer may leave unread before it is cut off as a slow consumer. */
    private readonly maxOutboundBytes: number,
  ) {
    this.socket = upgraded instanceof Socket ? upgraded : null;
    this.out = writesDirectly(ws, this.socket) ? new WriteBatch(this, this, maxOutboundBytes) : null;
  }

  /** The peer's address, read when asked (logs only), not kept per connection. */
  get remoteAddress(): string {
    return `${this.socket?.remoteAddress ?? '?'}:${this.socket?.remotePort ?? '?'}`;
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
