// Messages: room chat and direct messages. The sender's own copy of the event is the acknowledgement.
import type { CommandTable } from './command.js';

/** chat, dm: each attempt pays a message token, before the room or the text is looked at. */
export const messageCommands: Pick<CommandTable, 'chat' | 'dm'> = {
  chat: {
    needs: 'room',
    room: 'member',
    rate: { kind: 'chat', at: 'first' },
    handle(hub, ctx, { id, message, key }) {
      return hub.say(ctx, ctx.room, message, key, id);
    },
  },
  dm: {
    needs: 'nick',
    rate: { kind: 'chat', at: 'first' },
    handle(hub, sender, { id, to, message, key }) {
      return hub.direct(sender, to, message, key, id);
    },
  },
};
