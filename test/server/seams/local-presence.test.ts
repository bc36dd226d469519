// Presence on one node: what the room registry holds, as lists show it.
import { describe, expect, it } from 'vitest';
import { RoomRegistry } from '../../../src/server/rooms.js';
import type { RoomMember } from '../../../src/server/rooms.js';
import { LocalPresence } from '../../../src/server/seams/local-presence.js';
import type { Presence } from '../../../src/server/seams/presence.js';

const member = (nick: string): RoomMember => ({ nick, nickKey: nick.toLowerCase() });

describe('LocalPresence behind Presence', () => {
  it('lists rooms with their member counts and topics, and a room’s members, a page at a time', () => {
    const registry = new RoomRegistry();
    const presence: Presence = new LocalPresence(registry);
    const [alice, bob, carol] = ['alice', 'Bob', 'carol'].map(member) as [RoomMember, RoomMember, RoomMember];
    for (const m of [alice, bob, carol]) registry.add(registry.getOrCreate('lobby'), m);
    registry.add(registry.getOrCreate('garden'), bob);
    registry.setTopic('garden', 'roses', 'Bob');
    expect(presence.rooms(undefined, 1)).toEqual({
      items: [{ name: 'garden', members: 1, topic: 'roses', topicBy: 'Bob' }],
      hasMore: true,
    });
    expect(presence.rooms('garden', 10)).toEqual({
      items: [{ name: 'lobby', members: 3, topic: '', topicBy: '' }],
      hasMore: false,
    });
    expect(presence.room('lobby')).toMatchObject({ members: 3 });
    expect(presence.room('nowhere')).toBeUndefined();
    expect(presence.members('lobby', undefined, 2)).toEqual({ items: ['alice', 'Bob'], hasMore: true });
    expect(presence.members('lobby', 'bob', 2)).toEqual({ items: ['carol'], hasMore: false });
    expect(presence.members('nowhere', undefined, 2)).toBeUndefined();
    registry.remove(registry.get('garden')!, bob);
    expect(presence.room('garden')).toBeUndefined();
  });
});
