// A room keeps its members' nicks in order as they join, leave and rename, without sorting on every join.
import { describe, expect, it } from 'vitest';
import { foldNick } from '../../src/protocol/index.js';
import { RoomRegistry } from '../../src/server/rooms.js';
import type { Session } from '../../src/server/session.js';

/** Just what the registry reads of a session. */
function member(nick: string): Session {
  const rooms = new Set();
  return {
    nick,
    nickKey: foldNick(nick),
    rooms,
    joinedRoom: (room: unknown) => rooms.add(room),
    leftRoom: (room: unknown) => rooms.delete(room),
  } as unknown as Session;
}

function rename(registry: RoomRegistry, session: Session, nick: string): void {
  const oldKey = session.nickKey!;
  session.nick = nick;
  session.nickKey = foldNick(nick);
  registry.renamed(session, oldKey);
}

describe('room members', () => {
  it('lists nicks case-insensitively ordered, whatever the join order', () => {
    const registry = new RoomRegistry();
    const room = registry.getOrCreate('lobby');
    for (const nick of ['mallory', 'Bob', 'alice', 'Zed', 'carol', 'bobby']) registry.add(room, member(nick));
    expect(room.nicks()).toEqual(['alice', 'Bob', 'bobby', 'carol', 'mallory', 'Zed']);
  });

  it('drops a leaver, moves a renamed member, and forgets an emptied room', () => {
    const registry = new RoomRegistry();
    const room = registry.getOrCreate('lobby');
    const [alice, bob, carol] = ['alice', 'bob', 'carol'].map(member) as [Session, Session, Session];
    for (const session of [alice, bob, carol]) registry.add(room, session);
    registry.remove(room, bob);
    expect(room.nicks()).toEqual(['alice', 'carol']);
    rename(registry, alice, 'Zoe');
    expect(room.nicks()).toEqual(['carol', 'Zoe']);
    expect(registry.add(room, carol)).toBe(false);
    expect(room.nicks()).toEqual(['carol', 'Zoe']);
    registry.remove(room, carol);
    registry.remove(room, carol); // twice is harmless
    registry.remove(room, alice);
    expect(registry.get('lobby')).toBeUndefined();
  });

  it('agrees with a full sort after many random joins, leaves and renames', () => {
    const registry = new RoomRegistry();
    const room = registry.getOrCreate('big');
    const sessions: Session[] = [];
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
    for (let i = 0; i < 2000; i++) {
      const roll = random(10);
      if (roll < 6 || sessions.length === 0) {
        const session = member(`u${random(1_000_000)}-${i}`);
        sessions.push(session);
        registry.add(room, session);
      } else if (roll < 8) {
        const [gone] = sessions.splice(random(sessions.length), 1);
        registry.remove(room, gone!);
      } else {
        rename(registry, sessions[random(sessions.length)]!, `R${random(1_000_000)}-${i}`);
      }
    }
    const expected = sessions.map((s) => s.nick!).sort((a, b) => (foldNick(a) < foldNick(b) ? -1 : 1));
    expect(room.nicks()).toEqual(expected);
  });
});
