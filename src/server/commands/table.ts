// The command table and the dispatcher: the one door into the chat rules, whatever dialect a request came in.
// Preconditions (identified, the room and the sender's place in it, the rate) are checked here once, never in the
// handlers, and every refusal is answered here, with the request's id and action.
import type { ClientAction, ClientMessage, ClientMessageOf } from '../../protocol/index.js';
import { ChatError } from '../errors.js';
import type { RequestOptions, RequestOutcome } from '../request.js';
import type { RateKind, Session } from '../session.js';
import type {
  Command,
  CommandHub,
  InRoom,
  OpenCommand,
  RoomAction,
  RoomCommand,
  RoomNeed,
  Sender,
  SenderCommand,
} from './command.js';
import { historyCommands } from './history.js';
import { identityCommands } from './identity.js';
import { messageCommands } from './messages.js';
import { roomCommands } from './rooms.js';

/** Every command. */
export const commands = {
  ...identityCommands,
  ...roomCommands,
  ...messageCommands,
  ...historyCommands,
} satisfies { [A in ClientAction]: Command<A> };

/** What each rate limit counts, for the refusal's message. */
const RATE_NAMES: Record<RateKind, string> = {
  chat: 'messages',
  join: 'joins and leaves',
  change: 'nick and topic changes',
};

/** Spend one of the session's tokens for this kind of action, or throw rate_limited naming what was limited. */
export function spend(session: Session, kind: RateKind): void {
  if (session.allow(kind)) return;
  const { perSecond, burst } = session.rateOf(kind);
  throw new ChatError(
    'rate_limited',
    `at most ${perSecond} ${RATE_NAMES[kind]} per second (bursts of ${burst}); slow down`,
  );
}

/** The room a message names, as its command needs it to be, or the refusal. */
function findRoom(hub: CommandHub, session: Session, name: string, need: RoomNeed): InRoom['room'] {
  const room = hub.rooms.get(name);
  if (need === 'exists') {
    if (!room) throw new ChatError('no_such_room', `there is no room ${name}`);
    return room;
  }
  if (!room || !room.members.has(session)) {
    throw new ChatError(room ? 'not_in_room' : 'no_such_room', `you are not in room ${name}`);
  }
  return room;
}

/** A command of any action, as the dispatcher sees it (each handler takes its own action's message). */
type AnyCommand = OpenCommand<ClientAction> | SenderCommand<ClientAction> | RoomCommand<RoomAction>;

/** Check a command's preconditions and run it; throws the first refusal. */
function run(
  hub: CommandHub,
  session: Session,
  command: AnyCommand,
  message: ClientMessage,
  options: RequestOptions | undefined,
): void | Promise<void> {
  if (command.needs === 'nothing') return command.handle(hub, session, message);
  const { nick, nickKey } = session;
  if (nick === null || nickKey === null) throw new ChatError('not_connected', 'send connect first');
  const rate = options?.paid ? undefined : command.rate;
  if (rate?.at === 'first') spend(session, rate.kind);
  if (command.needs === 'nick') {
    const sender: Sender = { session, nick, nickKey };
    const costly = command.costs ? command.costs(hub, sender, message) : true;
    if (rate?.at === 'checked' && costly) spend(session, rate.kind);
    return command.handle(hub, sender, message);
  }
  // The table gives a room command to actions whose message names a room only (RoomCommand's type says so).
  const named = message as ClientMessageOf<RoomAction>;
  const need = typeof command.room === 'function' ? command.room(named) : command.room;
  const ctx: InRoom = { session, nick, nickKey, room: findRoom(hub, session, named.room, need) };
  const costly = command.costs ? command.costs(hub, ctx, named) : true;
  if (rate?.at === 'checked' && costly) spend(session, rate.kind);
  return command.handle(hub, ctx, named);
}

/**
 * Run a validated client message as its session. A refusal (ChatError) is answered with its code; anything else is
 * a bug, logged and answered as internal_error, because an exception escaping a socket handler would stop the
 * server. Both answers carry the request's id and action.
 */
export function dispatch(
  hub: CommandHub,
  session: Session,
  message: ClientMessage,
  options?: RequestOptions,
): RequestOutcome {
  const fail = (error: unknown): void => {
    if (error instanceof ChatError) {
      session.sendError(error.code, error.message, message.id, message.action);
      return;
    }
    hub.log.error(
      { err: error, action: message.action, session: session.id, dialect: session.dialect.name },
      'command failed',
    );
    session.sendError(
      'internal_error',
      'the server failed to handle this request',
      message.id,
      message.action,
    );
  };
  try {
    const result = run(hub, session, commands[message.action] as AnyCommand, message, options);
    if (result === undefined) return 'done';
    result.catch(fail);
    return 'running';
  } catch (error) {
    fail(error);
    return 'refused';
  }
}
