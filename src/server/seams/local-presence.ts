// Presence on one node: the hub's own room registry is the whole server's view.
import type { ListPage, Room, RoomMember, RoomRegistry } from '../rooms.js';
import type { Presence, RoomSummary } from './presence.js';

function summary(room: Room): RoomSummary {
  return { name: room.name, members: room.members.size, topic: room.topic, topicBy: room.topicBy };
}

/** Answers presence from the local room registry, at once. */
export class LocalPresence implements Presence {
  constructor(private readonly registry: RoomRegistry<RoomMember>) {}

  /** At most `limit` rooms in name order after `after`. */
  rooms(after: string | undefined, limit: number): ListPage<RoomSummary> {
    const page = this.registry.page(after, limit);
    return { items: page.items.map(summary), hasMore: page.hasMore };
  }

  /** One room, or undefined when nobody is in it. */
  room(name: string): RoomSummary | undefined {
    const room = this.registry.get(name);
    return room && summary(room);
  }

  /** One page of a room's members' nicks; undefined when there is no such room. */
  members(name: string, after: string | undefined, limit: number): ListPage<string> | undefined {
    return this.registry.get(name)?.nicksPage(after, limit);
  }
}
