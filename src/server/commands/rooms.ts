// Rooms: join, leave, list rooms, list members, topic.
import { roomProblem, withId } from '../../protocol/index.js';
import { ChatError } from '../errors.js';
import { replayHistory } from '../replay.js';
import type { Room } from '../rooms.js';
import type { Session } from '../session.js';
import type { CommandHub, CommandTable, Sender } from './command.js';

/** Entries in one page of a list: what the client asked for, never more than the server's --list-page. */
function pageSize(listPage: number, limit: number | undefined): number {
  return Math.min(limit ?? listPage, listPage);
}

/**
 * Replay the room's history to a session that just joined it. Without a complete replay, live events would hide a
 * silent gap: on a failure the join is undone (costing nothing), so that the client joins again, and the failure
 * is answered as the join's.
 */
async function replayAfterJoin(
  hub: CommandHub,
  sender: Sender,
  room: Room<Session>,
  since: number | undefined,
): Promise<void> {
  const end = await replayHistory(hub, sender.session, room, since);
  if (!end.failed) return;
  // The replay left the room's live events held: leaving drops them, so none slips out before the leave.
  if (end.held?.current) {
    if (room.members.has(sender.session)) hub.part(sender, room);
    end.held.abort();
  }
  throw end.error;
}

/** joinroom, leaveroom, rooms, members, topic. */
export const roomCommands: Pick<CommandTable, 'joinroom' | 'leaveroom' | 'rooms' | 'members' | 'topic'> = {
  joinroom: {
    needs: 'nick',
    rate: { kind: 'join', at: 'checked' },
    // The room quota holds for every dialect; joining a room one is already in costs nothing.
    costs(hub, { session }, { room: name }) {
      const problem = roomProblem(name, hub.config.limits.maxRoomChars);
      if (problem) throw new ChatError('invalid_room', problem);
      if (hub.rooms.get(name)?.members.has(session)) return false;
      const max = hub.config.quotas.maxRoomsPerSession;
      if (max > 0 && hub.rooms.roomsOf(session).size >= max) {
        throw new ChatError('too_many_rooms', `you are in ${max} rooms, the most allowed; leave one first`);
      }
      return true;
    },
    handle(hub, sender, { id, room: name, since }) {
      const { room } = hub.join(sender, name);
      // The first page of members only: a room of 10,000 would otherwise answer every join with all of them.
      const members = room.nicksPage(undefined, hub.config.quotas.listPage);
      sender.session.send({
        action: 'ok',
        re: 'joinroom',
        room: room.name,
        topic: room.topic,
        members: members.items,
        memberCount: room.members.size,
        membersMore: members.hasMore,
        ...withId(id),
      });
      // In the join's tick: the replay holds the room's live events from here until its `replayed` marker.
      if (sender.session.dialect.replaysHistory) return replayAfterJoin(hub, sender, room, since);
    },
  },
  leaveroom: {
    needs: 'room',
    room: 'member',
    rate: { kind: 'join', at: 'checked' },
    handle(hub, ctx, { id, room }) {
      hub.part(ctx, ctx.room);
      ctx.session.send({ action: 'ok', re: 'leaveroom', room, ...withId(id) });
    },
  },
  rooms: {
    needs: 'nick',
    handle(hub, { session }, { id, after, limit }) {
      const page = hub.rooms.page(after, pageSize(hub.config.quotas.listPage, limit));
      const rooms = page.items.map((room) => ({
        room: room.name,
        members: room.members.size,
        topic: room.topic,
      }));
      const next = page.hasMore ? rooms[rooms.length - 1]!.room : null;
      session.send({ action: 'ok', re: 'rooms', rooms, hasMore: page.hasMore, next, ...withId(id) });
    },
  },
  members: {
    needs: 'room',
    room: 'exists',
    handle(hub, { session, room }, { id, after, limit }) {
      const page = room.nicksPage(after, pageSize(hub.config.quotas.listPage, limit));
      session.send({
        action: 'ok',
        re: 'members',
        room: room.name,
        members: page.items,
        hasMore: page.hasMore,
        next: page.hasMore ? page.items[page.items.length - 1]! : null,
        memberCount: room.members.size,
        ...withId(id),
      });
    },
  },
  topic: {
    needs: 'room',
    // Anybody may read a room's topic; only its members may set it.
    room: ({ topic }) => (topic === undefined ? 'exists' : 'member'),
    rate: { kind: 'change', at: 'checked' },
    costs(hub, _ctx, { topic }) {
      if (topic === undefined) return false;
      const max = hub.config.limits.maxTopicChars;
      if (topic.length > max)
        throw new ChatError('topic_too_long', `a topic may be at most ${max} characters`);
      return true;
    },
    async handle(hub, ctx, { id, room: name, topic }) {
      const { session, room } = ctx;
      if (topic === undefined) {
        session.send({
          action: 'ok',
          re: 'topic',
          room: room.name,
          topic: room.topic,
          by: room.topicBy,
          ...withId(id),
        });
        return;
      }
      await hub.setTopic(ctx, room, topic);
      session.send({ action: 'ok', re: 'topic', room: name, topic, ...withId(id) });
    },
  },
};
