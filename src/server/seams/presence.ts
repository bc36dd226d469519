// The presence seam: which rooms exist and who is in them, as the whole server sees it. On one node that is the
// hub's own room registry; across nodes a shared view (kept from the join, part, nick and quit events every node
// publishes through the broker), so every read may answer later.
import type { ListPage } from '../rooms.js';
import type { Answer } from './answer.js';

/** One room as a list shows it. */
export interface RoomSummary {
  readonly name: string;
  /** Members on every node. */
  readonly members: number;
  readonly topic: string;
  /** Who set the topic ('' when nobody did). */
  readonly topicBy: string;
}

/** Rooms and their members, server-wide. */
export interface Presence {
  /** At most `limit` rooms in name order after the name `after`. */
  rooms(after: string | undefined, limit: number): Answer<ListPage<RoomSummary>>;
  /** One room, or undefined when nobody is in it. */
  room(name: string): Answer<RoomSummary | undefined>;
  /** At most `limit` of a room's members' nicks (ordered by folded form) after `after`; undefined: no such room. */
  members(room: string, after: string | undefined, limit: number): Answer<ListPage<string> | undefined>;
}
