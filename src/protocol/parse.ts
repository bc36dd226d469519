// Turning one decoded JSON value into a validated client message, or a coded error. Pure.
import type { ErrorCode } from './errors.js';
import { clientSchemas, isClientAction, withId } from './messages.js';
import type { ClientMessage, RequestId } from './messages.js';

/** The outcome of parsing: a message, or an error to send back (with the request id when one was readable). */
export type ParseResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: ErrorCode; message: string; id?: RequestId; action?: string };

/** Validate a JSON value as a client message. */
export function parseClientMessage(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      code: 'invalid_message',
      message: 'a message must be a JSON object with an "action" field',
    };
  }
  const record = value as Record<string, unknown>;
  const id = readableId(record.id);
  const withRequestId = withId(id);
  const action = record.action;
  if (typeof action !== 'string') {
    return {
      ok: false,
      code: 'invalid_message',
      message: 'the "action" field is missing or not a string',
      ...withRequestId,
    };
  }
  if (!isClientAction(action)) {
    return {
      ok: false,
      code: 'unknown_action',
      message: `unknown action "${action.slice(0, 40)}"`,
      action: action.slice(0, 40),
      ...withRequestId,
    };
  }
  const parsed = clientSchemas[action].safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.length ? issue.path.join('.') : 'message'}: ${issue.message}`)
      .join('; ');
    return {
      ok: false,
      code: 'invalid_message',
      message: `invalid ${action}: ${detail}`,
      action,
      ...withRequestId,
    };
  }
  return { ok: true, message: parsed.data as ClientMessage };
}

function readableId(id: unknown): RequestId | undefined {
  if (typeof id === 'string' && id.length <= 64) return id;
  if (typeof id === 'number' && Number.isInteger(id)) return id;
  return undefined;
}
