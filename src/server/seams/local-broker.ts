// The broker of one node: every event is for this node's members, delivered at once.
import type { Outbound } from '../outbound.js';
import type { RoomRegistry } from '../rooms.js';
import type { Stats } from '../stats.js';
import type { Broker } from './broker.js';
import type { SeamMember } from './seams.js';

/** Delivers room and user events to this node's members directly: one encoding per dialect, shared by all. */
export class LocalBroker<M extends SeamMember> implements Broker<M> {
  constructor(
    private readonly rooms: RoomRegistry<M>,
    private readonly stats: Stats,
  ) {}

  /** Hand one outbound message's shared bytes to every member of a room but one. */
  toRoom(name: string, out: Outbound, except?: M): void {
    const room = this.rooms.get(name);
    if (room === undefined) return;
    let count = 0;
    for (const member of room.members) {
      if (member === except) continue;
      member.deliver(out);
      count++;
    }
    this.stats.deliveries += count;
  }

  /** The recipient's copy of a direct message. */
  toUser(user: M, out: Outbound): void {
    this.stats.deliveries++;
    user.sendOutbound(out);
  }

  /** Once to every member that shares a room with this one (and to itself when asked). */
  toCompanions(member: M, out: Outbound, withSelf: boolean): void {
    const seen = new Set<M>([member]);
    if (withSelf) member.deliver(out);
    for (const room of this.rooms.roomsOf(member)) {
      for (const other of room.members) {
        if (seen.has(other)) continue;
        seen.add(other);
        other.deliver(out);
      }
    }
  }
}
