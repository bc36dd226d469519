// The room tracker alone: the replay window holds messages and releases them once, in order.
import { describe, expect, it } from 'vitest';
import type { ChatEvent, ReplayedEvent } from '../../src/protocol/index.js';
import { RoomTracker } from '../../src/client/rooms.js';

const chat = (seq: number, extra: Partial<ChatEvent> = {}): ChatEvent => ({
  action: 'chat',
  room: 'lobby',
  message: `m${seq}`,
  from: 'bob',
  mid: `id${seq}`,
  seq,
  ts: 1000 + seq,
  ...extra,
});
const replayed = (last: number, mode: ReplayedEvent['mode'] = 'resume'): ReplayedEvent => ({
  action: 'replayed',
  room: 'lobby',
  mode,
  count: 0,
  last,
  complete: true,
});
const seqs = (messages: { seq: number }[]): number[] => messages.map((m) => m.seq);

describe('RoomTracker', () => {
  it('holds messages during a replay and releases them sorted, without repeats', () => {
    const rooms = new RoomTracker();
    rooms.want('lobby');
    expect(rooms.joining('lobby')).toBeUndefined(); // nothing seen yet: a plain join
    expect(rooms.chat(chat(3, { history: true }), 'me')).toEqual([]);
    expect(rooms.chat(chat(5), 'me')).toEqual([]);
    expect(rooms.chat(chat(4, { history: true }), 'me')).toEqual([]);
    expect(rooms.chat(chat(4), 'me')).toEqual([]);
    const released = rooms.replayed(replayed(4, 'recent'), 'me');
    expect(seqs(released)).toEqual([3, 4, 5]);
    expect(released[0]).toMatchObject({ history: true, own: false, text: 'm3' });
    expect(seqs(rooms.chat(chat(6), 'me'))).toEqual([6]);
  });

  it('resumes from the last sequence delivered, across a disconnect', () => {
    const rooms = new RoomTracker();
    rooms.want('lobby');
    rooms.joining('lobby');
    rooms.replayed(replayed(0, 'recent'), 'me');
    rooms.chat(chat(1), 'me');
    rooms.chat(chat(2, { from: 'me' }), 'me');
    rooms.disconnected();
    expect(rooms.info('lobby')).toMatchObject({ joined: false, lastSeq: 2 });
    expect(rooms.joining('lobby')).toBe(2);
    rooms.chat(chat(2, { history: true }), 'me');
    rooms.chat(chat(3, { history: true }), 'me');
    expect(seqs(rooms.replayed(replayed(3), 'me'))).toEqual([3]);
  });

  it('drops a duplicate acknowledgement of a message already delivered', () => {
    const rooms = new RoomTracker();
    rooms.want('lobby');
    rooms.joining('lobby');
    rooms.replayed(replayed(7, 'recent'), 'me');
    expect(seqs(rooms.chat(chat(8, { from: 'me' }), 'me'))).toEqual([8]);
    expect(rooms.chat(chat(8, { from: 'me', duplicate: true }), 'me')).toEqual([]);
  });

  it('starts counting again when the server lost the room (memory store restarted)', () => {
    const rooms = new RoomTracker();
    rooms.want('lobby');
    rooms.joining('lobby');
    rooms.chat(chat(9), 'me');
    rooms.replayed(replayed(9, 'recent'), 'me');
    rooms.disconnected();
    expect(rooms.joining('lobby')).toBe(9);
    rooms.chat(chat(1, { history: true }), 'me');
    expect(seqs(rooms.replayed({ ...replayed(1), complete: false }, 'me'))).toEqual([1]);
    expect(seqs(rooms.chat(chat(2), 'me'))).toEqual([2]);
  });

  it('keeps member lists through joins, parts, renames and quits', () => {
    const rooms = new RoomTracker();
    rooms.want('lobby');
    rooms.joined('lobby', 'hi', ['me', 'bob']);
    rooms.memberJoined('lobby', 'carol');
    rooms.renamed('bob', 'robert');
    rooms.quit('carol', ['lobby']);
    expect(rooms.info('lobby')).toMatchObject({ members: ['me', 'robert'], topic: 'hi', joined: true });
  });
});
