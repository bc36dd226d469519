// What the client knows about its rooms: which to (re)join, the last sequence delivered per room, members, topic,
// and the replay window after a join, during which messages are held back and then released once, in order.
import type { ChatEvent, ReplayedEvent } from '../protocol/messages.js';
import type { RoomInfo, RoomMessage } from './types.js';

/** One room this client wants to be in. */
interface TrackedRoom {
  name: string;
  /** Last sequence number delivered to the application; 0 before any. */
  lastSeq: number;
  /** Whether any message of the room was ever delivered (so that a rejoin asks to resume). */
  seen: boolean;
  joined: boolean;
  /** Between joinroom and the server's replayed marker: messages wait here, history and live alike. */
  replaying: boolean;
  held: ChatEvent[];
  topic: string;
  /** The members known by nick: the join's first page (a big room has more), then kept current by events. */
  members: Set<string>;
  /** How many members the room has, the unnamed ones of a big room included. */
  memberCount: number;
}

/** The rooms of one client, across its connections. */
export class RoomTracker {
  private readonly rooms = new Map<string, TrackedRoom>();

  /** The room names to (re)join, in the order they were first joined. */
  names(): string[] {
    return [...this.rooms.keys()];
  }

  /** Whether the client wants to be in this room. */
  has(name: string): boolean {
    return this.rooms.has(name);
  }

  /** Remember a room to be in (kept across reconnects). */
  want(name: string): void {
    if (this.rooms.has(name)) return;
    this.rooms.set(name, {
      name,
      lastSeq: 0,
      seen: false,
      joined: false,
      replaying: false,
      held: [],
      topic: '',
      members: new Set(),
      memberCount: 0,
    });
  }

  /** Forget a room. */
  unwant(name: string): void {
    this.rooms.delete(name);
  }

  /** A joinroom is about to be sent: the `since` to resume from, if any, and the replay window opens. */
  joining(name: string): number | undefined {
    const room = this.rooms.get(name);
    if (!room) return undefined;
    room.replaying = true;
    room.held = [];
    return room.seen ? room.lastSeq : undefined;
  }

  /** The server accepted the join. */
  joined(name: string, topic: string, members: string[], memberCount = members.length): void {
    const room = this.rooms.get(name);
    if (!room) return;
    room.joined = true;
    room.topic = topic;
    room.members = new Set(members);
    room.memberCount = Math.max(memberCount, room.members.size);
  }

  /** The connection is gone: nothing is joined, held messages are dropped (the next resume sends them again). */
  disconnected(): void {
    for (const room of this.rooms.values()) {
      room.joined = false;
      room.replaying = false;
      room.held = [];
      room.members.clear();
    }
  }

  /** A chat event arrived (history, live, or our own acknowledgement): the messages to deliver now. */
  chat(event: ChatEvent, nick: string | undefined): RoomMessage[] {
    const room = this.rooms.get(event.room);
    if (!room) return [];
    if (room.replaying) {
      room.held.push(event);
      return [];
    }
    if (event.seq <= room.lastSeq && room.seen) {
      // Outside a replay the server never repeats a live message; a lower number means the room's history was
      // reset (a server with a memory store restarted), so start counting again instead of dropping everything.
      if (event.history || event.duplicate) return [];
      room.lastSeq = event.seq - 1;
    }
    return this.release(room, [event], nick);
  }

  /** The replay ended: deliver what was held, in sequence order, skipping what was delivered before. */
  replayed(event: ReplayedEvent, nick: string | undefined): RoomMessage[] {
    const room = this.rooms.get(event.room);
    if (!room || !room.replaying) return [];
    room.replaying = false;
    // The server's room ends before our cursor: its history was reset, so what it sends now is all new to us.
    if (event.mode === 'resume' && event.last < room.lastSeq) room.lastSeq = 0;
    const held = room.held.sort((a, b) => a.seq - b.seq);
    room.held = [];
    return this.release(room, held, nick);
  }

  /** Somebody joined, left or was renamed: keep the member lists current. */
  memberJoined(name: string, nick: string): void {
    const room = this.rooms.get(name);
    if (!room || room.members.has(nick)) return;
    room.members.add(nick);
    room.memberCount++;
  }

  /** Somebody left a room (named or not in the known members: a big room's first page names only some). */
  memberLeft(name: string, nick: string): void {
    const room = this.rooms.get(name);
    if (!room) return;
    room.members.delete(nick);
    room.memberCount = Math.max(room.members.size, room.memberCount - 1);
  }

  /** Somebody changed nick: rename them in every room. */
  renamed(old: string, nick: string): void {
    for (const room of this.rooms.values()) {
      if (room.members.delete(old)) room.members.add(nick);
    }
  }

  /** Somebody quit: remove them from the rooms they were in. */
  quit(nick: string, rooms: string[]): void {
    for (const name of rooms) this.memberLeft(name, nick);
  }

  /** A topic changed. */
  topic(name: string, topic: string): void {
    const room = this.rooms.get(name);
    if (room) room.topic = topic;
  }

  /** A snapshot of one room. */
  info(name: string): RoomInfo | undefined {
    const room = this.rooms.get(name);
    if (!room) return undefined;
    return {
      room: room.name,
      topic: room.topic,
      members: [...room.members].sort((a, b) => a.localeCompare(b)),
      memberCount: room.memberCount,
      lastSeq: room.lastSeq,
      joined: room.joined,
    };
  }

  private release(room: TrackedRoom, events: ChatEvent[], nick: string | undefined): RoomMessage[] {
    const out: RoomMessage[] = [];
    for (const event of events) {
      if (room.seen && event.seq <= room.lastSeq) continue;
      room.lastSeq = event.seq;
      room.seen = true;
      out.push(toRoomMessage(event, nick));
    }
    return out;
  }
}

/** A wire chat event as the application sees it. */
export function toRoomMessage(event: ChatEvent, nick: string | undefined): RoomMessage {
  return {
    room: event.room,
    from: event.from,
    text: event.message,
    mid: event.mid,
    seq: event.seq,
    ts: event.ts,
    history: event.history === true,
    own: nick !== undefined && event.from === nick,
  };
}
