// Rooms as two maps, the socket.io way, both owned here: room name → members on this node, member → its rooms.
import { foldNick } from '../protocol/index.js';

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

const NO_ROOMS: ReadonlySet<never> = new Set();

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

/** What the registry reads of a member: its nick and the nick's folded form (set once it has identified). */
export interface RoomMember {
  readonly nick: string | null;
  readonly nickKey: string | null;
}

/** One room: its members on this node and its topic. */
export class Room<M extends RoomMember = RoomMember> {
  readonly members = new Set<M>();
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
export class RoomRegistry<M extends RoomMember = RoomMember> {
  private readonly rooms = new Map<string, Room<M>>();
  /** Member → its rooms: an entry only while the member is in a room, so that idle connections carry no set. */
  private readonly joined = new Map<M, Set<Room<M>>>();
  private readonly topics = new Map<string, { topic: string; by: string }>();

  /** The room with this name, if it exists. */
  get(name: string): Room<M> | undefined {
    return this.rooms.get(name);
  }

  /** The rooms a member is in (read only: only the registry changes membership). */
  roomsOf(member: M): ReadonlySet<Room<M>> {
    return this.joined.get(member) ?? NO_ROOMS;
  }

  /** Whether a member is in the room of this name. */
  isIn(member: M, name: string): boolean {
    return this.rooms.get(name)?.members.has(member) ?? false;
  }

  /** The room with this name, created if needed. */
  getOrCreate(name: string): Room<M> {
    let room = this.rooms.get(name);
    if (!room) {
      room = new Room<M>(name);
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

  /** Add an identified member to a room; false when it was already a member. */
  add(room: Room<M>, member: M): boolean {
    if (room.members.has(member)) return false;
    room.members.add(member);
    const rooms = this.joined.get(member);
    if (rooms) rooms.add(room);
    else this.joined.set(member, new Set([room]));
    room.addNick(member.nick!, member.nickKey!);
    return true;
  }

  /** Remove a member from a room, dropping the room when it empties. */
  remove(room: Room<M>, member: M): void {
    if (!room.members.delete(member)) return;
    const rooms = this.joined.get(member);
    if (rooms?.delete(room) && rooms.size === 0) this.joined.delete(member);
    room.removeNick(member.nickKey!);
    if (room.members.size === 0) this.rooms.delete(room.name);
  }

  /** Remove a member from every room it is in (its connection ended). */
  removeAll(member: M): void {
    const rooms = this.joined.get(member);
    if (!rooms) return;
    for (const room of [...rooms]) this.remove(room, member);
  }

  /** A member changed its nick: its rooms list it under the new one. */
  renamed(member: M, oldKey: string): void {
    for (const room of this.roomsOf(member)) {
      room.removeNick(oldKey);
      room.addNick(member.nick!, member.nickKey!);
    }
  }

  /** At most `limit` rooms, in name order, after the name `after`: one page of list(). */
  page(after: string | undefined, limit: number): ListPage<Room<M>> {
    const rooms: Room<M>[] = [];
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
