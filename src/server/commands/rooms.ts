// Rooms: join, leave, list rooms, list members, topic.
import { withId } from '../../protocol/index.js';
import { ChatError } from '../errors.js';
import { replayHistory } from '../replay.js';
import type { CommandTable } from './command.js';

/** joinroom, leaveroom, rooms, members, topic. */
export const roomCommands: Pick<CommandTable, 'joinroom' | 'leaveroom' | 'rooms' | 'members' | 'topic'> = {
  joinroom: {
    identified: true,
    async handle(hub, session, { id, room: name, since }) {
      const { room } = hub.join(session, name);
      session.send({
        action: 'ok',
        re: 'joinroom',
        room: room.name,
        topic: room.topic,
        members: room.nicks(),
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
    handle(hub, session, { id }) {
      const rooms = hub.rooms
        .list()
        .map((room) => ({ room: room.name, members: room.members.size, topic: room.topic }));
      session.send({ action: 'ok', re: 'rooms', rooms, ...withId(id) });
    },
  },
  members: {
    identified: true,
    handle(hub, session, { id, room: name }) {
      const room = hub.rooms.get(name);
      if (!room) throw new ChatError('no_such_room', `there is no room ${name}`);
      session.send({
        action: 'ok',
        re: 'members',
        room: room.name,
        members: room.nicks(),
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
