// The history command: one page of a room's or a direct conversation's messages, by sequence number.
// Backward (no `after`): the newest messages below `before`. Forward (`after`): the oldest above `after`, below
// `before` if given. `hasMore` says whether another page lies further in the same direction.
import { nickProblem, roomProblem, withId } from '../../protocol/index.js';
import type { ChatEvent, DmEvent } from '../../protocol/index.js';
import { ChatError } from '../errors.js';
import { conversationId } from '../conversation.js';
import { historyEvent } from '../replay.js';
import type { Session } from '../session.js';
import type { CommandHub, CommandTable } from './command.js';

/** The messages of one page, trimmed to the limit and to a byte budget, in ascending seq order. */
interface Page {
  messages: (ChatEvent | DmEvent)[];
  hasMore: boolean;
}

/** Check the cursors beyond what the schema checks; throws invalid_cursor with the reason. */
function checkCursors(before: number | undefined, after: number | undefined): void {
  if (before === 0)
    throw new ChatError('invalid_cursor', 'before must be at least 1: sequence numbers start at 1');
  if (before !== undefined && after !== undefined && before <= after + 1) {
    throw new ChatError(
      'invalid_cursor',
      `before (${before}) must be greater than after + 1 (${after + 1}): no sequence number lies between them`,
    );
  }
}

/** Which stored target a request names: a room, or the direct conversation with a nick. */
function targetOf(hub: CommandHub, nick: string, room: string | undefined, peer: string | undefined): string {
  const { maxRoomChars, maxNickChars } = hub.config.limits;
  if ((room === undefined) === (peer === undefined)) {
    throw new ChatError('invalid_message', 'history needs exactly one of room (a room) or with (a nick)');
  }
  if (room !== undefined) {
    const problem = roomProblem(room, maxRoomChars);
    if (problem) throw new ChatError('invalid_room', problem);
    return room;
  }
  const problem = nickProblem(peer!, maxNickChars);
  if (problem) throw new ChatError('invalid_nick', problem);
  return conversationId(nick, peer!);
}

/**
 * Read one page. One extra row is read to learn whether more exist; long messages end a page early, because a
 * reply is written at once and must stay well under the output limit that cuts off slow clients.
 */
async function readPage(
  hub: CommandHub,
  session: Session,
  target: string,
  query: { before?: number; after?: number },
  limit: number,
): Promise<Page | null> {
  const forward = query.after !== undefined;
  const rows = await hub.store.history(target, { ...query, limit: limit + 1 });
  if (!session.isOpen) return null; // cut off (slow consumer) or gone while reading: build nothing for nobody
  let hasMore = rows.length > limit;
  // Keep the rows nearest the cursor: the first ones going forward, the last ones going backward.
  const ordered = forward ? rows.slice(0, limit) : rows.slice(-limit).reverse();
  const budget = hub.config.maxOutboundBytes / 2;
  const kept: (ChatEvent | DmEvent)[] = [];
  let bytes = 0;
  for (const row of ordered) {
    const event = historyEvent(row);
    bytes += Buffer.byteLength(JSON.stringify(event));
    if (bytes > budget && kept.length > 0) {
      hasMore = true;
      break;
    }
    kept.push(event);
  }
  return { messages: forward ? kept : kept.reverse(), hasMore };
}

/**
 * history. A session may have `--history-in-flight` requests read and not yet answered; beyond that a request is
 * refused at once, before any store read, so that a client pipelining thousands of them (and never reading) holds
 * a few pages in memory, not thousands.
 */
export const historyCommands: Pick<CommandTable, 'history'> = {
  history: {
    needs: 'nick',
    async handle(hub, { session, nick }, { id, room, with: peer, before, after, limit }) {
      const target = targetOf(hub, nick, room, peer);
      checkCursors(before, after);
      const inFlight = hub.config.quotas.historyInFlight;
      if (!session.beginHistory(inFlight)) {
        throw new ChatError(
          'too_many_requests',
          `at most ${inFlight} history requests may wait for their answers at once; wait for one`,
        );
      }
      const max = hub.config.limits.maxHistoryPage;
      const query = {
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
      };
      let page: Page | null;
      try {
        page = await readPage(hub, session, target, query, Math.min(limit ?? max, max));
      } finally {
        session.endHistory();
      }
      if (page === null) return;
      const { messages, hasMore } = page;
      session.send({
        action: 'ok',
        re: 'history',
        ...(room !== undefined ? { room } : { with: peer }),
        messages,
        first: messages[0]?.seq ?? null,
        last: messages[messages.length - 1]?.seq ?? null,
        hasMore,
        ...withId(id),
      });
    },
  },
};
