// The quit notice of a departing session, told to each companion once and bounded by what they shared.
import type { QuitReason } from '../protocol/index.js';
import { Outbound } from './outbound.js';
import type { RoomRegistry } from './rooms.js';
import type { Session } from './session.js';

/**
 * Tell each companion of a departing session, once, which of the rooms it shared with it the session left. Each
 * companion hears only of the rooms it shares, so the event is bounded by that companion's own rooms, not by the
 * quitter's (a client in thousands of rooms would otherwise send every companion one huge event and cut them off
 * as slow consumers). Companions sharing the same rooms share one encoding.
 */
export function tellQuit(
  rooms: RoomRegistry<Session>,
  session: Session,
  nick: string,
  reason: QuitReason,
): void {
  const shared = new Map<Session, string[]>();
  for (const room of rooms.roomsOf(session)) {
    for (const member of room.members) {
      if (member === session) continue;
      const names = shared.get(member);
      if (names) names.push(room.name);
      else shared.set(member, [room.name]);
    }
  }
  const byRooms = new Map<string, Outbound>();
  for (const [member, names] of shared) {
    const key = names.length === 1 ? names[0]! : names.join(' '); // room names hold no spaces
    let out = byRooms.get(key);
    if (!out) {
      out = new Outbound({ action: 'quit', nick, reason, rooms: names });
      byRooms.set(key, out);
    }
    member.deliver(out);
  }
}
