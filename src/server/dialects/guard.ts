// What the tutorial dialects share: running a hub call so that no client input can throw out of a socket handler.
import { ChatError } from '../errors.js';
import type { Hub } from '../hub.js';
import type { Session } from '../session.js';

/** A JSON object (not an array, not null): what every JSON dialect expects a message to be. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Run a hub call for a session. A refusal (ChatError) goes to `refuse`, in the dialect's own form; anything else is
 * a bug, logged and told as internal_error, because an exception escaping a socket handler would stop the server.
 */
export function attempt(
  hub: Hub,
  session: Session,
  call: () => void | Promise<void>,
  refuse: (error: ChatError) => void,
): void {
  const fail = (error: unknown): void => {
    if (error instanceof ChatError) {
      refuse(error);
      return;
    }
    hub.log.error({ err: error, session: session.id, dialect: session.dialect.name }, 'dialect call failed');
    refuse(new ChatError('internal_error', 'the server failed to handle this message'));
  };
  try {
    const result = call();
    if (result instanceof Promise) result.catch(fail);
  } catch (error) {
    fail(error);
  }
}

/** Spend a rate-limit token for a message, or throw rate_limited as the native dispatcher does. */
export function takeToken(hub: Hub, session: Session): void {
  hub.spend(session, 'chat');
}

/** A refusal handler for a session that cannot start: tell it why (native error form) and close it. */
export function refuseAndClose(session: Session): (error: ChatError) => void {
  return (error) => {
    session.sendError(error.code, error.message);
    session.end('error');
  };
}

/** Give a session that has no nickname of its own a guest name at open, closing it if none can be had. */
export function identifyAsGuest(hub: Hub, session: Session): void {
  attempt(hub, session, () => hub.identify(session, undefined), refuseAndClose(session));
}
