// The replay hold: while a room's history is replayed to a session, the room's live events wait behind it, so
// that the client reads history, the `replayed` marker, then live events in order, nothing missed, nothing twice.
import { describe, expect, it } from 'vitest';
import type { ChatEvent, ServerMessage } from '../../src/protocol/index.js';
import { Outbound } from '../../src/server/outbound.js';
import { LiveHold } from '../../src/server/replay.js';
import type { Session } from '../../src/server/session.js';
import { fakeSession } from './fakes.js';

function chat(seq: number, room = 'lobby'): ChatEvent {
  return { action: 'chat', room, message: `m${seq}`, from: 'bob', mid: `id${seq}`, seq, ts: seq };
}

/** The marker the replay sends before it releases the hold. */
function marker(last: number): ServerMessage {
  return { action: 'replayed', room: 'lobby', mode: 'recent', count: 0, last, complete: true };
}

/** A hold installed as the join installs it. */
function holdOn(session: Session, maxBytes = 1_000_000): LiveHold {
  const hold = new LiveHold(session, 'lobby', maxBytes);
  session.hold('lobby', hold);
  return hold;
}

/** The sender's own copy, as the hub offers it: held when the hold takes it, sent otherwise. */
function own(session: Session, message: ServerMessage): void {
  if (!session.holdFor('lobby')?.takesOwn(message)) session.send(message);
}

const summary = (sent: ServerMessage[]): string[] =>
  sent.map((m) => (m.action === 'chat' ? `chat ${m.seq}${'id' in m ? ' own' : ''}` : m.action));

describe('the replay hold', () => {
  it('holds live events during the replay and delivers them after the marker, in order', () => {
    const { session, connection } = fakeSession();
    const hold = holdOn(session);
    session.deliver(new Outbound(chat(5)));
    session.deliver(new Outbound(chat(6)));
    session.send({ ...chat(3), history: true }); // the replay itself goes straight out
    expect(summary(connection.sent)).toEqual(['chat 3']);
    session.send(marker(4));
    hold.release(4);
    expect(summary(connection.sent)).toEqual(['chat 3', 'replayed', 'chat 5', 'chat 6']);
  });

  it('keeps the sender’s own ack behind the replay, in its place among the held events', () => {
    const { session, connection } = fakeSession();
    const hold = holdOn(session);
    session.deliver(new Outbound(chat(5)));
    own(session, { ...chat(6), id: 1 });
    session.deliver(new Outbound(chat(7)));
    expect(connection.sent).toEqual([]);
    session.send(marker(4));
    hold.release(4);
    expect(summary(connection.sent)).toEqual(['replayed', 'chat 5', 'chat 6 own', 'chat 7']);
  });

  it('drops held events the replay already sent, never the ack', () => {
    const { session, connection } = fakeSession();
    const hold = holdOn(session);
    session.deliver(new Outbound(chat(4))); // its broadcast ran after the replay read it
    own(session, { ...chat(5), id: 'a' });
    session.deliver(new Outbound(chat(6)));
    session.send(marker(5));
    hold.release(5);
    expect(summary(connection.sent)).toEqual(['replayed', 'chat 5 own', 'chat 6']);
  });

  it('after the marker, drops late broadcasts of replayed messages until one reaches the last, then steps aside', () => {
    const { session, connection } = fakeSession();
    const hold = holdOn(session);
    session.send(marker(5));
    hold.release(5);
    expect(session.holdFor('lobby')).toBe(hold); // the tail
    session.deliver(new Outbound(chat(4)));
    session.deliver(new Outbound({ action: 'join', room: 'lobby', nick: 'carol' })); // not a message: passes
    session.deliver(new Outbound(chat(6)));
    expect(session.holdFor('lobby')).toBeUndefined();
    session.deliver(new Outbound(chat(7)));
    expect(summary(connection.sent)).toEqual(['replayed', 'join', 'chat 6', 'chat 7']);
  });

  it('of an empty room keeps no tail', () => {
    const { session } = fakeSession();
    const hold = holdOn(session);
    hold.release(0);
    expect(session.holdFor('lobby')).toBeUndefined();
  });

  it('holds nothing of other rooms', () => {
    const { session, connection } = fakeSession();
    holdOn(session);
    session.deliver(new Outbound(chat(9, 'garden')));
    expect(summary(connection.sent)).toEqual(['chat 9']);
  });

  it('forgets what it held when aborted (the session left the room)', async () => {
    const { session, connection } = fakeSession();
    const hold = holdOn(session);
    session.deliver(new Outbound(chat(5)));
    hold.abort();
    await hold.finished;
    expect(hold.holding).toBe(false);
    expect(session.holdFor('lobby')).toBeUndefined();
    session.deliver(new Outbound(chat(6)));
    expect(summary(connection.sent)).toEqual(['chat 6']);
  });

  it('is no longer current once a later join replaced it, and leaves the later one in place', () => {
    const { session } = fakeSession();
    const first = holdOn(session);
    const second = holdOn(session);
    expect(first.current).toBe(false);
    expect(second.current).toBe(true);
    first.abort();
    expect(session.holdFor('lobby')).toBe(second);
  });

  it('cuts off a session whose held output passes the outbound bound, as the socket’s queue would', () => {
    const { session, connection, host } = fakeSession();
    holdOn(session, 300);
    session.deliver(new Outbound(chat(5)));
    expect(host.ended).toEqual([]);
    connection.bufferedBytes = 250;
    session.deliver(new Outbound(chat(6)));
    expect(host.ended).toEqual(['slow_consumer']);
    expect(connection.destroyed).toBe(true);
  });
});
