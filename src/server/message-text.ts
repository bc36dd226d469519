// What a message's text and idempotency key must be, and the key as it is stored.
import { MAX_ID_CHARS } from '../protocol/index.js';
import type { Limits } from '../protocol/index.js';
import type { Sender } from './commands/command.js';
import { ChatError } from './errors.js';

/** Throw why a message's text or key is refused: empty, too long, or a key of the wrong length. */
export function checkText(limits: Limits, text: string, key: string | undefined): void {
  if (text.length === 0) throw new ChatError('empty_message');
  if (text.length > limits.maxMessageChars) {
    throw new ChatError('message_too_long', `a message may be at most ${limits.maxMessageChars} characters`);
  }
  if (key !== undefined && (key.length === 0 || key.length > MAX_ID_CHARS))
    throw new ChatError('invalid_key');
}

/** A client's idempotency key as stored: scoped by its sender (nicks hold no spaces), so users' keys never collide. */
export function senderKey(sender: Sender, key: string | undefined): { key?: string } {
  return key === undefined ? {} : { key: `${sender.nickKey} ${key}` };
}
