// Rooms as two maps: room name → members here, and (on each Session) session → rooms.
import type { Session } from './session.js';

/** One room: its members on this node and its topic. */
export class Room {
  readonly members = new Set<Session>();
  topic = '';
  topicBy = '';
  readonly createdAt = Date.now();

  constructor(readonly name: string) {}

  /** Members' nicks, sorted for stable output. */
  nicks(): string[] {
    const nicks: string[] = [];
    for (const member of this.members) if (member.nick !== null) nicks.push(member.nick);
    return nicks.sort((a, b) => a.localeCompare(b));
  }
}

/** All rooms that have members. A room is created on first join and forgotten when its last member leaves. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();

  /** The room with this name, if it exists. */
  get(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  /** The room with this name, created if needed. */
  getOrCreate(name: string): Room {
    let room = this.rooms.get(name);
    if (!room) {
      room = new Room(name);
      this.rooms.set(name, room);
    }
    return room;
  }

  /** Add a session to a room; false when it was already a member. */
  add(room: Room, session: Session): boolean {
    if (room.members.has(session)) return false;
    room.members.add(session);
    session.rooms.add(room);
    return true;
  }

  /** Remove a session from a room, dropping the room when it empties. */
  remove(room: Room, session: Session): void {
    room.members.delete(session);
    session.rooms.delete(room);
    if (room.members.size === 0) this.rooms.delete(room.name);
  }

  /** Every room, in name order. */
  list(): Room[] {
    return [...this.rooms.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** How many rooms exist. */
  get size(): number {
    return this.rooms.size;
  }
}
