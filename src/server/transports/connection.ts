// The message-oriented connection every transport produces: TCP, TLS and WebSocket all become one.
import type { Logger } from 'pino';

/** Which transport a connection came in on. */
export type TransportKind = 'tcp' | 'tls' | 'ws';

/** How a connection ended, as seen by the transport. */
export interface CloseInfo {
  /** True when the peer closed cleanly (EOF, WebSocket close frame), false when the connection just died. */
  clean: boolean;
  error?: Error;
}

/** Receives what a connection produces. */
export interface ConnectionHandler {
  /** One whole inbound message (a frame's payload, a WebSocket message, a text chunk). */
  message(payload: Uint8Array): void;
  /** A transport-level sign of life that is not a message (a WebSocket pong). */
  alive(): void;
  /** The peer stopped reading: output it left unread passed the connection's limit. */
  backlogged(): void;
  /** The connection is gone; called exactly once. */
  closed(info: CloseInfo): void;
  /** The transport rejected input it cannot recover from (oversized frame, stalled frame); the connection closes next. */
  protocolError(code: 'frame_too_large' | 'frame_timeout' | 'invalid_utf8', detail: string): void;
}

/** A message-oriented connection. */
export interface Connection {
  readonly transport: TransportKind;
  readonly remoteAddress: string;
  /** Bytes accepted by send() but not yet handed to the kernel. */
  readonly bufferedBytes: number;
  /** Start delivering events to the handler. */
  start(handler: ConnectionHandler): void;
  /** Send bytes already encoded (and framed) for this connection's wire. */
  send(bytes: Uint8Array): void;
  /** Close after pending output has been written. */
  close(): void;
  /** Drop the connection now, discarding pending output. */
  destroy(): void;
  /** Send a transport-level liveness probe; false when the transport has none (then the dialect pings). */
  probe(): boolean;
}

/**
 * Takes a new connection and the dialect it speaks (and, for a WebSocket, its upgrade URL's query): the
 * composition root gives one to each listener, so that transports never make sessions themselves.
 */
export type Accept<D> = (connection: Connection, dialect: D, query?: URLSearchParams) => void;

/** What every listener needs from the server around it, whatever it listens for. */
export interface ListenerHost<D> {
  /** Hands each accepted connection over. */
  accept: Accept<D>;
  /** Whether the server is shutting down: new connections are refused. */
  closing(): boolean;
  /** Where a listener tells of refused and failed connections (debug level). */
  log: Logger;
  /** How long a new connection may take to say who it is (TLS handshake, first bytes, HTTP headers). */
  helloTimeoutMs: number;
}
