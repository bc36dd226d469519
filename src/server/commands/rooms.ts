// Rooms: join, leave, list rooms, list members, topic.
import { withId } from '../../protocol/index.js';
import { ChatError } from '../errors.js';
import { replayHistory } from '../replay.js';
import type { CommandTable } from './command.js';

/** Entries in one page of a list: what the client asked for, never more than the server's --list-page. */
function pageSize(listPage: number, limit: number | undefined): number {
  return Math.min(limit ?? listPage, listPage);
}

/** joinroom, leaveroom, rooms, members, topic. */
export const roomCommands: Pick<CommandTable, 'joinroom' | 'leaveroom' | 'rooms' | 'members' | 'topic'> = {
  joinroom: {
    identified: true,
    async handle(hub, session, { id, room: name, since }) {
      const { room } = hub.join(session, name);
      // The first page of members only: a room of 10,000 would otherwise answer every join with all of them.
      const members = room.nicksPage(undefined, hub.config.quotas.listPage);
      session.send({
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
      await replayHistory(hub, session, room, since);
    },
  },
  leaveroom: {
    identified: true,
    handle(hub, session, { id, room }) {
      hub.part(session, room);
      session.send({ action: 'ok', re: 'leaveroom', room, ...withId(id) });
    },
  },
  rooms: {
    identified: true,
    handle(hub, session, { id, after, limit }) {
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
    identified: true,
    handle(hub, session, { id, room: name, after, limit }) {
      const room = hub.rooms.get(name);
      if (!room) throw new ChatError('no_such_room', `there is no room ${name}`);
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
    identified: true,
    async handle(hub, session, { id, room: name, topic }) {
      if (topic === undefined) {
        const room = hub.rooms.get(name);
        if (!room) throw new ChatError('no_such_room', `there is no room ${name}`);
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
      await hub.setTopic(session, name, topic);
      session.send({ action: 'ok', re: 'topic', room: name, topic, ...withId(id) });
    },
  },
};
