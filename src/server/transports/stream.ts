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
}

/** How long a closing connection may take to flush before it is dropped. */
const CLOSE_FLUSH_MS = 2000;

/** A framed TCP/TLS connection. */
export class StreamConnection implements Connection {
  readonly remoteAddress: string;
  private readonly decoder: FrameDecoder | null;
  private handler: ConnectionHandler | null = null;
  private frameTimer: NodeJS.Timeout | undefined;
  private corked = false;
  private failed = false;
  private lastError: Error | undefined;

  constructor(
    private readonly socket: Socket,
    readonly transport: TransportKind,
    framing: StreamFraming,
    private readonly limits: StreamLimits,
    /** Bytes already read while sniffing the dialect. */
    private readonly head: Uint8Array,
  ) {
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.decoder = framing === 'text' ? null : new FrameDecoder(framing.prefixBytes, limits.maxFrameBytes);
  }

  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  start(handler: ConnectionHandler): void {
    this.handler = handler;
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', (error) => {
      this.lastError = error;
    });
    this.socket.once('close', (hadError) => {
      clearTimeout(this.frameTimer);
      const info: CloseInfo = { clean: !hadError && !this.lastError && !this.failed };
      if (this.lastError) info.error = this.lastError;
      handler.closed(info);
    });
    if (this.head.length > 0) this.read(this.head);
    this.socket.resume();
  }

  send(bytes: Uint8Array): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    if (!this.corked) {
      // Coalesce everything written in this tick into one syscall.
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(bytes);
  }

  close(): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_FLUSH_MS).unref();
  }

  destroy(): void {
    this.socket.destroy();
  }

  probe(): boolean {
    return false;
  }

  private read(chunk: Uint8Array): void {
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
