// The error a command throws to answer with a stable code instead of crashing.
import { ERROR_CODES } from '../protocol/index.js';
import type { ErrorCode } from '../protocol/index.js';

/** A refusal with a stable code; the dispatcher turns it into an error reply to the request. */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
  ) {
    super(message);
    this.name = 'ChatError';
  }
}
