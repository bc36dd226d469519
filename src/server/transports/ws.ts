// A WebSocket as a message-oriented Connection: one message per frame, liveness by WebSocket ping/pong.
import type { WebSocket } from 'ws';
import type { Connection, ConnectionHandler } from './connection.js';

/** How long a closing WebSocket may take to finish its closing handshake before it is dropped. */
const CLOSE_FLUSH_MS = 2000;

/** Close codes that mean the peer went away on purpose (normal closure, going away). */
const CLEAN_CLOSE_CODES = new Set([1000, 1001]);

/** A WebSocket connection. */
export class WsConnection implements Connection {
  readonly transport = 'ws' as const;

  constructor(
    private readonly ws: WebSocket,
    readonly remoteAddress: string,
  ) {}

  get bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  start(handler: ConnectionHandler): void {
    this.ws.on('message', (data: Buffer) => handler.message(data));
    this.ws.on('pong', () => handler.alive());
    // ws reports protocol violations (oversized or non-UTF-8 frames) as errors and then closes with 1009 or 1007.
    this.ws.on('error', () => undefined);
    this.ws.once('close', (code: number) => handler.closed({ clean: CLEAN_CLOSE_CODES.has(code) }));
  }

  send(bytes: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(bytes, { binary: false });
  }

  close(): void {
    if (this.ws.readyState === this.ws.CLOSED) return;
    this.ws.close(1000);
    setTimeout(() => this.ws.terminate(), CLOSE_FLUSH_MS).unref();
  }

  destroy(): void {
    this.ws.terminate();
  }

  probe(): boolean {
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
    return true;
  }
}
