// Named errors with stable codes: the server's codes travel unchanged, the client adds a few of its own.
import type { ErrorCode } from '../protocol/errors.js';

/** Why the client itself failed a request (not the server). */
export type ClientErrorCode =
  /** close() was called, or the client had been closed. */
  | 'closed'
  /** The request needs a live connection and there is none right now. */
  | 'disconnected'
  /** The connection dropped while the request was in flight; it was not retried. */
  | 'connection_lost'
  /** The send queue is full (maxQueue): too many messages waiting for a connection. */
  | 'queue_full'
  /** The server sent something that is not a protocol message. */
  | 'protocol_error';

/** Every error the SDK reports; `code` is stable, `message` is for humans. */
export class ParleyError extends Error {
  override name = 'ParleyError';

  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server refused a request; `code` is one of the protocol's stable error codes. */
export class ServerError extends ParleyError {
  override name = 'ServerError';
  declare readonly code: ErrorCode;

  constructor(
    code: ErrorCode,
    message: string,
    /** The action the error answers, when the server said. */
    readonly re?: string,
  ) {
    super(code, message);
  }
}

/** The client could not do what was asked, for a reason of its own (closed, offline, queue full). */
export class ClientError extends ParleyError {
  override name = 'ClientError';
  declare readonly code: ClientErrorCode;

  constructor(code: ClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
