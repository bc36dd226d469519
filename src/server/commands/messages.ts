// Messages: room chat and direct messages. The sender's own copy of the event is the acknowledgement.
import type { CommandTable } from './command.js';

/** chat, dm. */
export const messageCommands: Pick<CommandTable, 'chat' | 'dm'> = {
  chat: {
    identified: true,
    rateLimited: true,
    handle(hub, session, { id, room, message, key }) {
      return hub.say(session, room, message, key, id);
    },
  },
  dm: {
    identified: true,
    rateLimited: true,
    handle(hub, session, { id, to, message, key }) {
      return hub.direct(session, to, message, key, id);
    },
  },
};
