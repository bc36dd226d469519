// The command table and the dispatcher: preconditions are checked here once, never in the handlers.
import type { ClientMessage } from '../../protocol/index.js';
import { ChatError } from '../errors.js';
import type { Hub } from '../hub.js';
import type { Session } from '../session.js';
import type { Command, CommandTable } from './command.js';
import { historyCommands } from './history.js';
import { identityCommands } from './identity.js';
import { messageCommands } from './messages.js';
import { roomCommands } from './rooms.js';

/** Every native command. */
export const commands: CommandTable = {
  ...identityCommands,
  ...roomCommands,
  ...messageCommands,
  ...historyCommands,
};

/** Run a validated client message as its session, answering errors with their code and the request's id. */
export function dispatch(hub: Hub, session: Session, message: ClientMessage): void {
  const command = commands[message.action] as Command<typeof message.action>;
  const fail = (error: unknown): void => {
    if (error instanceof ChatError) {
      session.sendError(error.code, error.message, message.id, message.action);
      return;
    }
    hub.log.error({ err: error, action: message.action, session: session.id }, 'command failed');
    session.sendError(
      'internal_error',
      'the server failed to handle this request',
      message.id,
      message.action,
    );
  };
  try {
    if (command.identified && !session.identified) throw new ChatError('not_connected', 'send connect first');
    if (command.rateLimited) hub.spend(session, 'chat');
    const result = command.handle(hub, session, message as never);
    if (result instanceof Promise) result.catch(fail);
  } catch (error) {
    fail(error);
  }
}
