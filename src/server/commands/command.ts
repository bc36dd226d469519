// The shape of a command handler and the preconditions the table declares once for each.
import type { ClientAction, ClientMessageOf } from '../../protocol/index.js';
import type { Hub } from '../hub.js';
import type { Session } from '../session.js';

/** One command: its preconditions and its handler. */
export interface Command<A extends ClientAction> {
  /** The session must have a nick (sent connect, or its dialect named it). */
  identified: boolean;
  /** The command sends a message and spends a rate-limit token. */
  rateLimited?: boolean;
  handle(hub: Hub, session: Session, message: ClientMessageOf<A>): void | Promise<void>;
}

/** A table with exactly one command per client action. */
export type CommandTable = { [A in ClientAction]: Command<A> };
