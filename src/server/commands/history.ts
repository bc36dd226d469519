// History: recent messages on join, and paging through a room or a direct conversation.
import type { ChatEvent, DmEvent } from '../../protocol/index.js';
import type { StoredMessage } from '../../store/types.js';
import { ChatError } from '../errors.js';
import { conversationId } from '../hub.js';
import type { Hub } from '../hub.js';
import type { Session } from '../session.js';
import type { CommandTable } from './command.js';

/** A stored message as the event a client receives, marked as history. */
export function historyEvent(message: StoredMessage): ChatEvent | DmEvent {
  const common = {
    message: message.text,
    from: message.from,
    mid: message.mid,
    seq: message.seq,
    ts: message.ts,
    history: true,
  };
  if (message.kind === 'dm') return { action: 'dm', to: message.to ?? '', ...common };
  return { action: 'chat', room: message.target, ...common };
}

/** After a join: the last messages of the room (or those after `since`), before live ones. */
export async function sendRecentHistory(
  hub: Hub,
  session: Session,
  room: string,
  since: number | undefined,
): Promise<void> {
  const limit = since === undefined ? hub.config.historyOnJoin : hub.config.limits.maxHistoryPage;
  if (limit === 0) return;
  const messages = await hub.store.history(room, since === undefined ? { limit } : { after: since, limit });
  for (const message of messages) session.send(historyEvent(message));
}

/** history. */
export const historyCommands: Pick<CommandTable, 'history'> = {
  history: {
    identified: true,
    async handle(hub, session, { id, room, with: peer, before, after, limit }) {
      if ((room === undefined) === (peer === undefined)) {
        throw new ChatError('invalid_message', 'history needs exactly one of room or with');
      }
      if (before !== undefined && after !== undefined && before <= after + 1) {
        throw new ChatError('invalid_cursor', 'before must be greater than after + 1');
      }
      const target = room ?? conversationId(session.nick!, peer!);
      const page = Math.min(limit ?? hub.config.limits.maxHistoryPage, hub.config.limits.maxHistoryPage);
      const query = {
        limit: page,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
      };
      const messages = await hub.store.history(target, query);
      session.send({
        action: 'ok',
        re: 'history',
        ...(room !== undefined ? { room } : { with: peer }),
        messages: messages.map(historyEvent),
        ...(id !== undefined ? { id } : {}),
      });
    },
  },
};
