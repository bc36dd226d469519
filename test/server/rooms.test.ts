// The room registry owns membership both ways (room → members, member → rooms), and a room keeps its members'
// nicks in order as they join, leave and rename, without sorting on every join.
import { describe, expect, it } from 'vitest';
import { foldNick } from '../../src/protocol/index.js';
import { RoomRegistry } from '../../src/server/rooms.js';
import type { RoomMember } from '../../src/server/rooms.js';

/** Just what the registry reads of a member; a test renames it by hand. */
interface Member extends RoomMember {
  nick: string;
  nickKey: string;
}
type Session = Member;

function member(nick: string): Member {
  return { nick, nickKey: foldNick(nick) };
}

function rename(registry: RoomRegistry<Member>, session: Member, nick: string): void {
  const oldKey = session.nickKey;
  session.nick = nick;
  session.nickKey = foldNick(nick);
  registry.renamed(session, oldKey);
}

describe('room members', () => {
  it('lists nicks case-insensitively ordered, whatever the join order', () => {
    const registry = new RoomRegistry<Member>();
    const room = registry.getOrCreate('lobby');
    for (const nick of ['mallory', 'Bob', 'alice', 'Zed', 'carol', 'bobby']) registry.add(room, member(nick));
    expect(room.nicks()).toEqual(['alice', 'Bob', 'bobby', 'carol', 'mallory', 'Zed']);
  });

  it('drops a leaver, moves a renamed member, and forgets an emptied room', () => {
    const registry = new RoomRegistry<Member>();
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
    const registry = new RoomRegistry<Member>();
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

describe('membership both ways', () => {
  it('knows each member’s rooms as it joins and leaves, and keeps nothing for a member in none', () => {
    const registry = new RoomRegistry<Member>();
    const [alice, bob] = [member('alice'), member('bob')];
    expect(registry.roomsOf(alice).size).toBe(0);
    const lobby = registry.getOrCreate('lobby');
    const garden = registry.getOrCreate('garden');
    registry.add(lobby, alice);
    registry.add(garden, alice);
    registry.add(lobby, bob);
    expect([...registry.roomsOf(alice)].map((room) => room.name)).toEqual(['lobby', 'garden']);
    expect([...registry.roomsOf(bob)]).toEqual([lobby]);
    expect(registry.isIn(alice, 'garden')).toBe(true);
    expect(registry.isIn(bob, 'garden')).toBe(false);
    registry.remove(lobby, alice);
    expect([...registry.roomsOf(alice)]).toEqual([garden]);
    expect([...lobby.members]).toEqual([bob]);
    registry.remove(garden, alice);
    expect(registry.roomsOf(alice).size).toBe(0);
    expect(registry.get('garden')).toBeUndefined();
  });

  it('takes a member out of every room at once, dropping rooms it leaves empty', () => {
    const registry = new RoomRegistry<Member>();
    const [alice, bob] = [member('alice'), member('bob')];
    for (const name of ['a', 'b', 'c']) registry.add(registry.getOrCreate(name), alice);
    registry.add(registry.getOrCreate('b'), bob);
    registry.removeAll(alice);
    registry.removeAll(alice); // twice is harmless
    expect(registry.roomsOf(alice).size).toBe(0);
    expect(registry.size).toBe(1);
    expect(registry.get('b')!.nicks()).toEqual(['bob']);
    expect([...registry.roomsOf(bob)].map((room) => room.name)).toEqual(['b']);
  });

  it('renames a member in every room it is in, and in no other', () => {
    const registry = new RoomRegistry<Member>();
    const [alice, zed] = [member('alice'), member('zed')];
    registry.add(registry.getOrCreate('one'), alice);
    registry.add(registry.getOrCreate('one'), zed);
    registry.add(registry.getOrCreate('two'), alice);
    registry.add(registry.getOrCreate('three'), zed);
    rename(registry, alice, 'Zz');
    expect(registry.get('one')!.nicks()).toEqual(['zed', 'Zz']);
    expect(registry.get('two')!.nicks()).toEqual(['Zz']);
    expect(registry.get('three')!.nicks()).toEqual(['zed']);
  });
});
