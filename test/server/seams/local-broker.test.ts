// The local broker behind the Broker interface: room events reach every member but the sender with the same
// encoded Outbound, user events reach their user as its own copy, events about a member reach each companion once.
import { describe, expect, it } from 'vitest';
import { Outbound } from '../../../src/server/outbound.js';
import { RoomRegistry } from '../../../src/server/rooms.js';
import type { Broker } from '../../../src/server/seams/broker.js';
import { LocalBroker } from '../../../src/server/seams/local-broker.js';
import type { SeamMember } from '../../../src/server/seams/seams.js';
import { Stats } from '../../../src/server/stats.js';

/** A member that keeps what it was handed. */
class Member implements SeamMember {
  readonly nickKey: string;
  readonly shared: Outbound[] = [];
  readonly own: Outbound[] = [];

  constructor(readonly nick: string) {
    this.nickKey = nick;
  }

  deliver(out: Outbound): void {
    this.shared.push(out);
  }

  sendOutbound(out: Outbound): void {
    this.own.push(out);
  }
}

function setUp(): {
  broker: Broker<Member>;
  stats: Stats;
  rooms: RoomRegistry<Member>;
  join: (member: Member, ...names: string[]) => void;
} {
  const rooms = new RoomRegistry<Member>();
  const stats = new Stats();
  const join = (member: Member, ...names: string[]): void => {
    for (const name of names) rooms.add(rooms.getOrCreate(name), member);
  };
  return { broker: new LocalBroker(rooms, stats), stats, rooms, join };
}

describe('LocalBroker', () => {
  it('hands a room event to every member but the sender, the same Outbound for all, and counts them', () => {
    const { broker, stats, join } = setUp();
    const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map((n) => new Member(n)) as [
      Member,
      Member,
      Member,
      Member,
    ];
    join(alice, 'lobby');
    join(bob, 'lobby');
    join(carol, 'lobby');
    join(dave, 'garden');
    const out = new Outbound({ action: 'join', room: 'lobby', nick: 'alice' });
    expect(broker.toRoom('lobby', out, alice)).toBeUndefined(); // answered at once: no promise
    expect(alice.shared).toEqual([]);
    expect(bob.shared[0]).toBe(out);
    expect(carol.shared[0]).toBe(out);
    expect(dave.shared).toEqual([]);
    expect(stats.deliveries).toBe(2);
    broker.toRoom('lobby', new Outbound({ action: 'topic', room: 'lobby', topic: 't', by: 'bob' }));
    expect(stats.deliveries).toBe(5);
  });

  it('delivers nothing for a room nobody is in', () => {
    const { broker, stats } = setUp();
    broker.toRoom('nowhere', new Outbound({ action: 'ping' }));
    expect(stats.deliveries).toBe(0);
  });

  it('hands a user event to its user as its own copy, and counts it', () => {
    const { broker, stats } = setUp();
    const bob = new Member('bob');
    const out = new Outbound({ action: 'ping' });
    broker.toUser(bob, out);
    expect(bob.own).toEqual([out]);
    expect(bob.shared).toEqual([]);
    expect(stats.deliveries).toBe(1);
  });

  it('hands an event about a member once to each companion, whatever rooms they share, and to itself if asked', () => {
    const { broker, join } = setUp();
    const [alice, bob, carol, loner] = ['alice', 'bob', 'carol', 'loner'].map((n) => new Member(n)) as [
      Member,
      Member,
      Member,
      Member,
    ];
    join(alice, 'a', 'b');
    join(bob, 'a', 'b');
    join(carol, 'b');
    join(loner, 'c');
    const out = new Outbound({ action: 'nick', old: 'alice', nick: 'alicia' });
    broker.toCompanions(alice, out, true);
    expect([alice, bob, carol, loner].map((m) => m.shared.length)).toEqual([1, 1, 1, 0]);
    broker.toCompanions(alice, out, false);
    expect([alice, bob, carol, loner].map((m) => m.shared.length)).toEqual([1, 2, 2, 0]);
  });
});
