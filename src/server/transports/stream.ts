// A TCP or TLS socket as a message-oriented Connection: length-prefixed frames, or raw text chunks.
import type { Socket } from 'node:net';
import { FrameDecoder } from '../../protocol/index.js';
import type { PrefixBytes } from '../../protocol/index.js';
import type { CloseInfo, Connection, ConnectionHandler, TransportKind } from './connection.js';
import { WriteBatch } from './write-batch.js';
import type { BacklogListener } from './write-batch.js';

/** How a stream carries messages: a little-endian length prefix of 3 or 4 bytes, or raw text chunks. */
export type StreamFraming = { prefixBytes: PrefixBytes } | 'text';

/** Limits a stream connection enforces on what it reads. */
export interface StreamLimits {
  maxFrameBytes: number;
  frameTimeoutMs: number;
  /** Output a peer may leave unread before it is cut off as a slow consumer. */
  maxOutboundBytes: number;
}

/** How long a closing connection may take to flush before it is dropped. */
const CLOSE_FLUSH_MS = 2000;

/** The connection that owns a socket: lets the socket's listeners be shared functions, not closures per socket. */
const OWNER = Symbol('parley.connection');
type OwnedSocket = Socket & { [OWNER]: StreamConnection };

function onSocketData(this: OwnedSocket, chunk: Buffer): void {
  this[OWNER].read(chunk);
}

function onSocketError(this: OwnedSocket, error: Error): void {
  this[OWNER].lastError = error;
}

function onSocketClose(this: OwnedSocket, hadError: boolean): void {
  this[OWNER].closed(hadError);
}

const NOTHING = new Uint8Array(0);

/** A framed TCP/TLS connection. */
export class StreamConnection implements Connection, BacklogListener {
  private readonly decoder: FrameDecoder | null;
  private handler: ConnectionHandler | null = null;
  private frameTimer: NodeJS.Timeout | undefined;
  private readonly out: WriteBatch;
  private failed = false;
  /** The socket's last error, kept to tell an unclean close. */
  lastError: Error | undefined;

  constructor(
    private readonly socket: Socket,
    readonly transport: TransportKind,
    framing: StreamFraming,
    private readonly limits: StreamLimits,
    /** Bytes already read while sniffing the dialect; released once read. */
    private head: Uint8Array,
  ) {
    this.decoder = framing === 'text' ? null : new FrameDecoder(framing.prefixBytes, limits.maxFrameBytes);
    this.out = new WriteBatch(socket, this, limits.maxOutboundBytes);
    (socket as OwnedSocket)[OWNER] = this;
  }

  /** The peer's address, read when asked (logs only), not kept per connection. */
  get remoteAddress(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }

  get bufferedBytes(): number {
    return this.socket.writableLength + this.out.pendingBytes;
  }

  start(handler: ConnectionHandler): void {
    this.handler = handler;
    this.socket.on('data', onSocketData);
    this.socket.on('error', onSocketError);
    // 'on', not 'once': close comes once anyway, and once() wraps the listener in a bound function per socket.
    this.socket.on('close', onSocketClose);
    const head = this.head;
    this.head = NOTHING;
    if (head.length > 0) this.read(head);
    this.socket.resume();
  }

  /** The peer stopped reading (the batch saw the socket's backlog pass the limit). */
  backlogged(): void {
    this.handler?.backlogged();
  }

  /** The socket closed (its 'close' event). */
  closed(hadError: boolean): void {
    clearTimeout(this.frameTimer);
    const info: CloseInfo = { clean: !hadError && !this.lastError && !this.failed };
    if (this.lastError) info.error = this.lastError;
    this.handler?.closed(info);
  }

  send(bytes: Uint8Array): void {
    // No writable check here, on every delivery: the flush makes it once and drops output for a closed socket.
    this.out.push(bytes);
  }

  close(): void {
    if (this.socket.destroyed) return;
    this.out.flush();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_FLUSH_MS).unref();
  }

  destroy(): void {
    this.out.discard();
    this.socket.destroy();
  }

  probe(): boolean {
    return false;
  }

  /** Bytes read from the socket: split into frames (or text chunks) for the handler. */
  read(chunk: Uint8Array): void {
    const handler = this.handler;
    if (!handler || this.failed) return;
    if (!this.decoder) {
      handler.message(chunk);
      return;
    }
    const { frames, tooLarge } = this.decoder.push(chunk);
    for (const frame of frames) {
      if (this.failed) return;
      handler.message(frame);
    }
    if (tooLarge) {
      this.fail(
        'frame_too_large',
        `a frame announced ${tooLarge.announced} bytes; the limit is ${this.limits.maxFrameBytes}`,
      );
      return;
    }
    this.watchPartialFrame();
  }

  /** A frame that is started must finish in time: a client trickling bytes must not hold a connection forever. */
  private watchPartialFrame(): void {
    if (this.decoder!.pendingBytes === 0) {
      clearTimeout(this.frameTimer);
      this.frameTimer = undefined;
    } else if (!this.frameTimer) {
      this.frameTimer = setTimeout(() => {
        this.fail('frame_timeout', `a frame was not completed within ${this.limits.frameTimeoutMs} ms`);
      }, this.limits.frameTimeoutMs);
      this.frameTimer.unref();
    }
  }

  private fail(code: 'frame_too_large' | 'frame_timeout', detail: string): void {
    if (this.failed) return;
    this.failed = true;
    clearTimeout(this.frameTimer);
    this.socket.pause();
    this.handler?.protocolError(code, detail);
  }
}
