// Rooms as two maps: room name → members here, and (on each Session) session → rooms.
import { foldNick } from '../protocol/index.js';
import type { Session } from './session.js';

const collator = new Intl.Collator();

/** Room names in the order the room list shows them: a total order (ties the collator sees are broken by code). */
function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** One page of a list that may be longer than one answer may carry. */
export interface ListPage<T> {
  items: T[];
  /** Whether more entries follow the last one given. */
  hasMore: boolean;
}

/** Where a key is, or would go, in a sorted array (binary search). */
function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** One room: its members on this node and its topic. */
export class Room {
  readonly members = new Set<Session>();
  topic = '';
  topicBy = '';
  readonly createdAt = Date.now();
  // Members' nicks kept in order of their folded form as members come and go: a join's member list costs a
  // binary search and a copy, not a sort (filling a room of N would otherwise sort N times).
  private readonly keys: string[] = [];
  private readonly sortedNicks: string[] = [];

  constructor(readonly name: string) {}

  /** Members' nicks, in order of their folded form (case-insensitive for Latin letters). */
  nicks(): string[] {
    return this.sortedNicks.slice();
  }

  /** At most `limit` nicks, in the order of nicks(), after the nick `after` (compared by its folded form). */
  nicksPage(after: string | undefined, limit: number): ListPage<string> {
    let start = 0;
    if (after !== undefined) {
      const key = foldNick(after);
      start = lowerBound(this.keys, key);
      if (this.keys[start] === key) start++;
    }
    const items = this.sortedNicks.slice(start, start + limit);
    return { items, hasMore: start + items.length < this.sortedNicks.length };
  }

  /** Put a nick into the ordered list (a member joined, or took a new nick). */
  addNick(nick: string, key: string): void {
    const at = lowerBound(this.keys, key);
    this.keys.splice(at, 0, key);
    this.sortedNicks.splice(at, 0, nick);
  }

  /** Take a nick out of the ordered list (a member left, or gave up this nick). */
  removeNick(key: string): void {
    const at = lowerBound(this.keys, key);
    if (this.keys[at] !== key) return;
    this.keys.splice(at, 1);
    this.sortedNicks.splice(at, 1);
  }
}

/**
 * All rooms that have members. A room is created on first join and forgotten when its last member leaves; its
 * topic is kept apart, so that the room has it again when somebody comes back.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly topics = new Map<string, { topic: string; by: string }>();

  /** The room with this name, if it exists. */
  get(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  /** The room with this name, created if needed. */
  getOrCreate(name: string): Room {
    let room = this.rooms.get(name);
    if (!room) {
      room = new Room(name);
      const kept = this.topics.get(name);
      if (kept) {
        room.topic = kept.topic;
        room.topicBy = kept.by;
      }
      this.rooms.set(name, room);
    }
    return room;
  }

  /** Set a room's topic (an empty one clears it), on the room if it exists and for when it comes back. */
  setTopic(name: string, topic: string, by: string): void {
    if (topic === '') this.topics.delete(name);
    else this.topics.set(name, { topic, by });
    const room = this.rooms.get(name);
    if (room) {
      room.topic = topic;
      room.topicBy = by;
    }
  }

  /** Add an identified session to a room; false when it was already a member. */
  add(room: Room, session: Session): boolean {
    if (room.members.has(session)) return false;
    room.members.add(session);
    session.joinedRoom(room);
    room.addNick(session.nick!, session.nickKey!);
    return true;
  }

  /** Remove a session from a room, dropping the room when it empties. */
  remove(room: Room, session: Session): void {
    if (!room.members.delete(session)) return;
    session.leftRoom(room);
    room.removeNick(session.nickKey!);
    if (room.members.size === 0) this.rooms.delete(room.name);
  }

  /** A member changed its nick: its rooms list it under the new one. */
  renamed(session: Session, oldKey: string): void {
    for (const room of session.rooms) {
      room.removeNick(oldKey);
      room.addNick(session.nick!, session.nickKey!);
    }
  }

  /** At most `limit` rooms, in name order, after the name `after`: one page of list(). */
  page(after: string | undefined, limit: number): ListPage<Room> {
    const rooms: Room[] = [];
    for (const room of this.rooms.values()) {
      if (after === undefined || compareNames(room.name, after) > 0) rooms.push(room);
    }
    rooms.sort((a, b) => compareNames(a.name, b.name));
    return { items: rooms.slice(0, limit), hasMore: rooms.length > limit };
  }

  /** How many rooms exist. */
  get size(): number {
    return this.rooms.size;
  }
}
