// The outbox alone: a bounded queue while offline, sends in order once connected, the same idempotency key on
// every attempt, rate_limited answers retried after a pause, any other error failing its send. No sockets.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientError, ServerError } from '../../src/client/errors.js';
import { Outbox } from '../../src/client/outbox.js';
import type { Ack } from '../../src/client/types.js';
import type { ChatEvent, DmEvent } from '../../src/protocol/messages.js';

/** A request as the outbox sends it. */
interface SentRequest {
  action: string;
  id: string;
  key: string;
  room?: string;
  to?: string;
  message: string;
}

/** The connection side of an outbox: records requests, and can be switched off to refuse them. */
class Wire {
  readonly sent: SentRequest[] = [];
  up = true;
  private ids = 0;

  readonly send = (request: Record<string, unknown>): boolean => {
    if (!this.up) return false;
    const { action, id, key, room, to, message } = request;
    if (typeof action !== 'string' || typeof id !== 'string' || typeof key !== 'string') {
      throw new Error(`malformed request ${JSON.stringify(request)}`);
    }
    if (typeof message !== 'string') throw new Error('a send without a message');
    this.sent.push({
      action,
      id,
      key,
      message,
      ...(typeof room === 'string' ? { room } : {}),
      ...(typeof to === 'string' ? { to } : {}),
    });
    return true;
  };

  readonly newId = (): string => `r${++this.ids}`;

  /** The last request carrying this text. */
  last(text: string): SentRequest {
    const found = this.sent.filter((request) => request.message === text).at(-1);
    if (!found) throw new Error(`${text} was never sent`);
    return found;
  }
}

/** The sender's copy of a chat message, answering a request. */
function echo(request: SentRequest, seq: number, duplicate = false): ChatEvent {
  return {
    action: 'chat',
    id: request.id,
    room: request.room ?? 'lobby',
    message: request.message,
    from: 'amy',
    mid: `m${seq}`,
    seq,
    ts: 1_700_000_000_000 + seq,
    ...(duplicate ? { duplicate: true } : {}),
  };
}

/** Tracks how a send's promise settled, without awaiting it. */
function track(promise: Promise<Ack>): { ack?: Ack; error?: unknown } {
  const outcome: { ack?: Ack; error?: unknown } = {};
  promise.then(
    (ack) => (outcome.ack = ack),
    (error: unknown) => (outcome.error = error),
  );
  return outcome;
}

describe('Outbox', () => {
  let wire: Wire;
  beforeEach(() => {
    vi.useFakeTimers();
    wire = new Wire();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('queues while offline, up to its limit, then refuses with queue_full', async () => {
    const outbox = new Outbox(2, wire.send, wire.newId);
    const first = track(outbox.add({ kind: 'chat', room: 'lobby', text: 'one' }));
    track(outbox.add({ kind: 'chat', room: 'lobby', text: 'two' }));
    const third = outbox.add({ kind: 'chat', room: 'lobby', text: 'three' });
    await expect(third).rejects.toBeInstanceOf(ClientError);
    await expect(third).rejects.toMatchObject({ code: 'queue_full' });
    expect(wire.sent).toEqual([]); // not connected yet
    expect(outbox.size).toBe(2);
    expect(first).toEqual({});
  });

  it('sends what waits in order once connected, and settles each with its acknowledgement', async () => {
    const outbox = new Outbox(10, wire.send, wire.newId);
    const chat = outbox.add({ kind: 'chat', room: 'lobby', text: 'hello' });
    const dm = outbox.add({ kind: 'dm', to: 'bob', text: 'psst' });
    outbox.connected();
    expect(wire.sent.map(({ action, room, to, message }) => ({ action, room, to, message }))).toEqual([
      { action: 'chat', room: 'lobby', to: undefined, message: 'hello' },
      { action: 'dm', room: undefined, to: 'bob', message: 'psst' },
    ]);
    expect(new Set(wire.sent.map((request) => request.id)).size).toBe(2);
    expect(new Set(wire.sent.map((request) => request.key)).size).toBe(2);

    const dmRequest = wire.last('psst');
    const dmEcho: DmEvent = {
      action: 'dm',
      id: dmRequest.id,
      from: 'amy',
      to: 'bob',
      message: 'psst',
      mid: 'd1',
      seq: 1,
      ts: 5,
    };
    outbox.acknowledged(dmEcho); // answers may come in any order
    outbox.acknowledged(echo(wire.last('hello'), 7, true));
    await expect(dm).resolves.toEqual({ mid: 'd1', seq: 1, ts: 5, duplicate: false });
    await expect(chat).resolves.toEqual({ mid: 'm7', seq: 7, ts: 1_700_000_000_007, duplicate: true });
    expect(outbox.size).toBe(0);

    outbox.acknowledged(echo(wire.last('hello'), 8)); // an answer to nothing waiting is ignored
    expect(outbox.size).toBe(0);
  });

  it('sends a message added while connected at once', () => {
    const outbox = new Outbox(10, wire.send, wire.newId);
    outbox.connected();
    track(outbox.add({ kind: 'chat', room: 'lobby', text: 'now' }));
    expect(wire.sent.map((request) => request.message)).toEqual(['now']);
  });

  it('sends what was in flight again after a reconnect, with a new request id and the same key', () => {
    const outbox = new Outbox(10, wire.send, wire.newId);
    outbox.connected();
    const sent = track(outbox.add({ kind: 'chat', room: 'lobby', text: 'survive' }));
    const before = wire.last('survive');
    outbox.disconnected();
    track(outbox.add({ kind: 'chat', room: 'lobby', text: 'queued' }));
    expect(wire.sent).toHaveLength(1); // offline: the new one waits
    outbox.connected();
    expect(wire.sent.map((request) => request.message)).toEqual(['survive', 'survive', 'queued']);
    const after = wire.last('survive');
    expect(after.key).toBe(before.key);
    expect(after.id).not.toBe(before.id);

    outbox.acknowledged(echo(before, 1)); // the first attempt's id no longer names the message
    expect(outbox.size).toBe(2);
    outbox.acknowledged(echo(after, 1, true));
    expect(outbox.size).toBe(1);
    expect(sent).toEqual({});
  });

  it('stops at the first request the connection refuses, and sends the rest on the next connect', () => {
    const outbox = new Outbox(10, wire.send, wire.newId);
    for (const text of ['a', 'b', 'c']) track(outbox.add({ kind: 'chat', room: 'lobby', text }));
    wire.up = false;
    outbox.connected();
    expect(wire.sent).toEqual([]);
    wire.up = true;
    outbox.disconnected();
    outbox.connected();
    expect(wire.sent.map((request) => request.message)).toEqual(['a', 'b', 'c']);
  });

  it('retries a rate_limited send after a growing pause, with the same key, holding back what follows', async () => {
    const outbox = new Outbox(10, wire.send, wire.newId);
    outbox.connected();
    const slow = track(outbox.add({ kind: 'chat', room: 'lobby', text: 'slow' }));
    const first = wire.last('slow');
    const limited = new ServerError('rate_limited', 'too fast', 'chat');
    expect(outbox.failed(first.id, limited)).toBe(true);
    track(outbox.add({ kind: 'chat', room: 'lobby', text: 'behind' }));
    expect(wire.sent.map((request) => request.message)).toEqual(['slow']); // paused
    await vi.advanceTimersByTimeAsync(249);
    expect(wire.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(wire.sent.map((request) => request.message)).toEqual(['slow', 'slow', 'behind']);
    const second = wire.last('slow');
    expect(second.key).toBe(first.key);

    expect(outbox.failed(second.id, limited)).toBe(true); // limited again: twice the pause
    await vi.advanceTimersByTimeAsync(499);
    expect(wire.sent).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(wire.sent.map((request) => request.message)).toEqual(['slow', 'slow', 'behind', 'slow']);
    expect(wire.last('slow').key).toBe(first.key);
    expect(slow).toEqual({}); // still waiting, not failed

    outbox.acknowledged(echo(wire.last('slow'), 3));
    await vi.advanceTimersByTimeAsync(0);
    expect(slow.ack).toMatchObject({ mid: 'm3', seq: 3 });
  });

  it('fails a send the server refuses for any other reason, with the server error', async () => {
    const outbox = new Outbox(10, wire.send, wire.newId);
    outbox.connected();
    const refused = outbox.add({ kind: 'chat', room: 'lobby', text: 'nope' });
    const error = new ServerError('not_in_room', 'join lobby first', 'chat');
    expect(outbox.failed(wire.last('nope').id, error)).toBe(true);
    await expect(refused).rejects.toBe(error);
    expect(outbox.size).toBe(0);
    expect(outbox.failed(wire.last('nope').id, error)).toBe(false); // answers nothing of ours any more
    expect(outbox.failed(undefined, error)).toBe(false);
  });

  it('failAll() rejects everything waiting and sends nothing more', async () => {
    const outbox = new Outbox(10, wire.send, wire.newId);
    const waiting = outbox.add({ kind: 'chat', room: 'lobby', text: 'never' });
    const closed = new ClientError('closed', 'the client was closed');
    outbox.failAll(closed);
    await expect(waiting).rejects.toBe(closed);
    expect(outbox.size).toBe(0);
    outbox.connected();
    expect(wire.sent).toEqual([]);
  });
});
