// A TCP or TLS socket as a message-oriented Connection: length-prefixed frames, or raw text chunks.
import type { Socket } from 'node:net';
import { FrameDecoder } from '../../protocol/index.js';
import type { PrefixBytes } from '../../protocol/index.js';
import type { CloseInfo, Connection, ConnectionHandler, TransportKind } from './connection.js';

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

/** Most bytes one batch holds before it is written early; far more than an iteration's chat to one member. */
const BATCH_BYTES = 16 * 1024;

/** Batches holding output of this event-loop iteration; flushed together once its I/O has been handled. */
let queued: WriteBatch[] = [];
let spare: WriteBatch[] = [];
let flushScheduled = false;

function flushQueued(): void {
  flushScheduled = false;
  // Swap lists: a flush that queues more (it should not) lands in the next round, not in this loop.
  const batches = queued;
  queued = spare;
  spare = batches;
  for (let i = 0; i < batches.length; i++) batches[i]!.flush();
  batches.length = 0;
}

/** What a batch writes to: a socket, or a WebSocket connection writing frames to its socket. */
export interface BatchSocket {
  write(chunk: Uint8Array): unknown;
  readonly writable: boolean;
  /** Bytes written and not yet taken by the kernel. */
  readonly writableLength: number;
}

/** Who hears that a peer stopped reading: its output passed the limit. */
export interface BacklogListener {
  backlogged(): void;
}

/**
 * One socket's output, gathered during an event-loop iteration and written with one call (one syscall) once the
 * iteration's I/O has been handled (setImmediate): a burst of broadcasts to a busy room, from one sender or from
 * many, costs each member one write, not one per message. One shared setImmediate serves every socket, so
 * queueing allocates nothing per delivery.
 */
export class WriteBatch {
  // The usual iteration queues one chunk: it waits in `first`; an array exists only for sockets that get bursts,
  // so an idle connection carries none.
  private first: Uint8Array | null = null;
  private more: Uint8Array[] | null = null;
  private count = 0;
  private bytes = 0;

  constructor(
    private readonly socket: BatchSocket,
    private readonly owner: BacklogListener,
    /** Bytes the peer may leave unread (--max-outbound) before the owner hears of it. */
    private readonly maxBacklogBytes: number,
  ) {}

  /** Bytes queued and not yet handed to the socket. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /** Queue bytes (never modified afterwards: broadcasts share them) for the end of this iteration. */
  push(bytes: Uint8Array): void {
    if (this.count === 0) {
      this.first = bytes;
      queued.push(this);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushQueued);
      }
    } else {
      this.more ??= [];
      if (this.count === 1) this.more.push(this.first!);
      this.more.push(bytes);
    }
    this.count++;
    this.bytes += bytes.length;
    // A big burst goes out in pieces: the kernel takes them now, so a member that reads fast is never counted as
    // slow (--max-outbound) for output that merely waited for the end of the iteration.
    if (this.bytes >= BATCH_BYTES) this.flush();
  }

  /** Hand everything queued to the socket now, as one write. */
  flush(): void {
    if (this.count === 0) return;
    // One copy into a single buffer is cheaper than the stream's bookkeeping for each chunk of a writev.
    const out = this.count === 1 ? this.first! : Buffer.concat(this.more!, this.bytes);
    this.discard();
    if (!this.socket.writable) return;
    this.socket.write(out);
    // Checked once per write, not once per delivery: what the kernel has not taken is what the peer left unread
    // (the batch itself never holds more than BATCH_BYTES).
    if (this.socket.writableLength > this.maxBacklogBytes) this.owner.backlogged();
  }

  /** Forget what is queued (the connection is being dropped). */
  discard(): void {
    this.first = null;
    if (this.more !== null) this.more.length = 0;
    this.count = 0;
    this.bytes = 0;
  }
}

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
