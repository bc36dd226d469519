// History replay after a join, and the hold that keeps the room's live events back until the replay ends, so a
// client sees history, one `replayed` marker, then live events: nothing missed, nothing twice.
//
// Why that holds: the hold is installed in the tick of the join, so every broadcast the session can receive passes
// through it. The store assigns seqs synchronously and a read first writes pending appends, so the bounds read at
// the start (`upTo`) covers every seq assigned before it; later seqs are broadcast after the join, hence held. But
// a read may also include messages whose broadcast has not run yet (the append's promise settles after the batch
// commits). Those arrive later with seq <= last, and are dropped: held ones at release, later ones by a thin "tail"
// that stays until the first broadcast with seq >= last. That is enough because a room's broadcasts run in seq
// order (appends settle in call order); the tail only ever drops what the replay already sent.
import type { ChatEvent, DmEvent, ReplayedEvent, ServerMessage } from '../protocol/index.js';
import type { Store, StoredMessage } from '../store/types.js';
import type { Outbound } from './outbound.js';
import type { Room } from './rooms.js';
import type { ReplayHold, Session } from './session.js';

/** Messages read from the store per page of a replay: small enough to keep other sessions served in between. */
export const REPLAY_PAGE = 250;
/** How often a paused replay looks whether the client has read its output (Connection has no drain event). */
const DRAIN_POLL_MS = 5;

/** A stored message as the event a client receives, marked as history. */
export function historyEvent(message: StoredMessage): ChatEvent | DmEvent {
  const common = {
    message: message.text,
    from: message.from,
    mid: message.mid,
    seq: message.seq,
    ts: message.ts,
    history: true,
  };
  if (message.kind === 'dm') return { action: 'dm', to: message.to ?? '', ...common };
  return { action: 'chat', room: message.target, ...common };
}

function seqOf(message: ServerMessage): number | undefined {
  return message.action === 'chat' ? message.seq : undefined;
}

/** Holds one session's live events for one room while its history is replayed, then drops the replayed ones. */
export class LiveHold implements ReplayHold {
  /** Held events in arrival order; null once released (the hold is then a tail, or gone). */
  private queue: ({ out: Outbound } | { own: ServerMessage })[] | null = [];
  private heldBytes = 0;
  /** After release: broadcasts with seq <= floor were replayed already. */
  private floor = 0;
  private finish!: () => void;
  /** Settles when the hold is released or aborted; a second replay of the room waits for it. */
  readonly finished = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(
    private readonly session: Session,
    readonly room: string,
    private readonly maxBytes: number,
  ) {}

  /** Whether the replay is still running (events are held rather than filtered). */
  get holding(): boolean {
    return this.queue !== null;
  }

  /** A broadcast for the room: true when it is held or dropped as replayed, false when it is delivered now. */
  takes(out: Outbound): boolean {
    if (this.queue !== null) {
      this.queue.push({ out });
      this.count(out.bytesFor(this.session.dialect));
      return true;
    }
    const seq = seqOf(out.message);
    if (seq === undefined) return false;
    // Broadcasts come in seq order, so once one reaches the floor no replayed message can follow.
    if (seq >= this.floor) this.detach();
    return seq <= this.floor;
  }

  /** The session's own copy of its message (the ack): held in order; never dropped, since it answers a request. */
  takesOwn(message: ServerMessage): boolean {
    if (this.queue === null) return false;
    this.queue.push({ own: message });
    this.count(this.session.dialect.encode(message, true));
    return true;
  }

  /** End the hold after the marker: deliver what was held, dropping what the replay sent; keep a tail up to last. */
  release(last: number): void {
    const queue = this.queue;
    if (queue === null) return;
    this.queue = null;
    this.floor = last;
    this.finish();
    if (last === 0) this.detach(); // an empty room has no replayed message to filter
    // Delivering through the session runs each event through takes() above, now in tail mode.
    for (const item of queue) {
      if ('own' in item) this.session.send(item.own);
      else this.session.deliver(item.out);
    }
  }

  /** Forget the hold and what it held (the session left the room, or the replay failed). */
  abort(): void {
    this.queue = null;
    this.finish();
    this.detach();
  }

  /** Whether this is still the session's hold for the room (a leave or a later join replaces it). */
  get current(): boolean {
    return this.session.isOpen && this.session.holdFor(this.room) === this;
  }

  private detach(): void {
    this.session.releaseHold(this.room, this);
  }

  private count(bytes: Uint8Array | null): void {
    this.heldBytes += bytes?.byteLength ?? 0;
    // Held events are output the client has not read yet: the same bound as the socket's queue applies.
    if (this.heldBytes + this.session.connection.bufferedBytes > this.maxBytes)
      this.session.end('slow_consumer');
  }
}

/** What a replay reads: the store's history and the bounds of a session's output. It never calls the hub. */
export interface ReplaySource {
  readonly store: Pick<Store, 'bounds' | 'history'>;
  readonly config: {
    /** Messages replayed after a join without a cursor. */
    readonly historyOnJoin: number;
    /** The output a session may leave unread before it is cut off. */
    readonly maxOutboundBytes: number;
    /** A client that reads nothing for this long is cut off. */
    readonly heartbeatMs: number;
  };
}

/**
 * How a replay ended: done (or given up because the session went away or left the room), or failed. After a
 * failure `held` is the hold still keeping the room's live events back, when it is the session's current one: the
 * joiner must leave the room (which drops them), or they would hide the gap the failure left.
 */
export type ReplayEnd = { failed: false } | { failed: true; error: unknown; held: LiveHold | null };

const DONE: ReplayEnd = { failed: false };

/** Where a replay starts and ends, and what the marker says about the part before it. */
interface Plan {
  mode: ReplayedEvent['mode'];
  /** Exclusive start: the client has (or does not want) everything up to here. */
  from: number;
  /** Inclusive end: the last seq stored when the replay began; later ones arrive live. */
  upTo: number;
  /** False when the client's cursor is beyond the room's sequence (the server's data was reset or pruned away). */
  cursorValid: boolean;
}

async function plan(hub: ReplaySource, room: string, since: number | undefined): Promise<Plan> {
  const bounds = await hub.store.bounds(room);
  const upTo = bounds?.last ?? 0;
  const recentFrom = bounds ? Math.max(bounds.first - 1, bounds.last - hub.config.historyOnJoin) : 0;
  if (since === undefined) return { mode: 'recent', from: recentFrom, upTo, cursorValid: true };
  // bounds is null when nothing is retained: with since > 0 the server cannot vouch for the client's cursor.
  if (since > upTo || (bounds === null && since > 0))
    return { mode: 'resume', from: recentFrom, upTo, cursorValid: false };
  return { mode: 'resume', from: since, upTo, cursorValid: true };
}

/**
 * Replay a room's history to a session that just joined it (all of it after `since`, or the recent messages),
 * then the `replayed` marker, then release the held live events. Must be called in the tick of the join: the
 * hold is installed before the first await. Never rejects: a failure is told in the result, for the join to act on.
 */
export async function replayHistory(
  hub: ReplaySource,
  session: Session,
  room: Room<Session>,
  since: number | undefined,
): Promise<ReplayEnd> {
  const previous = session.holdFor(room.name);
  if (previous?.holding) {
    // One replay per room at a time, in request order; the earlier one's events flow live meanwhile.
    await previous.finished;
    if (!session.isOpen || !room.members.has(session)) return DONE;
  }
  const hold = new LiveHold(session, room.name, hub.config.maxOutboundBytes);
  session.hold(room.name, hold);
  try {
    const { mode, from, upTo, cursorValid } = await plan(hub, room.name, since);
    const sent = await send(hub, session, hold, from, upTo);
    if (!sent || !hold.current) {
      hold.abort(); // the session went away or left the room: nobody is waiting for this replay
      return DONE;
    }
    const marker: ReplayedEvent = {
      action: 'replayed',
      room: room.name,
      mode,
      count: sent.count,
      last: upTo,
      complete: cursorValid && sent.gap === undefined,
      ...(sent.gap ? { gap: sent.gap } : {}),
    };
    session.send(marker);
    hold.release(upTo);
    return DONE;
  } catch (error) {
    // The hold stays until the joiner has left the room: released now, live events would pass the gap.
    return { failed: true, error, held: hold.current ? hold : null };
  }
}

/** Send the stored messages in (from, upTo] page by page; null when the session went away or left the room. */
async function send(
  hub: ReplaySource,
  session: Session,
  hold: LiveHold,
  from: number,
  upTo: number,
): Promise<{ count: number; gap?: { from: number; to: number } } | null> {
  const pauseAt = hub.config.maxOutboundBytes / 2;
  let cursor = from;
  let count = 0;
  let gap: { from: number; to: number } | undefined;
  const missing = (to: number): void => {
    // Retention drops the oldest first, so a second hole only appears if pruning overtakes the replay:
    // report the span that holds every missing message rather than pretend there is one gap.
    gap = { from: gap?.from ?? cursor + 1, to };
  };
  while (cursor < upTo) {
    const page = await hub.store.history(hold.room, { after: cursor, before: upTo + 1, limit: REPLAY_PAGE });
    for (const message of page) {
      if (!hold.current) return null;
      // The socket's queue counts against the slow-consumer limit: wait for the client to read, not cut it off.
      if (session.connection.bufferedBytes > pauseAt && !(await drained(session, pauseAt / 2, hub)))
        return null;
      if (message.seq > cursor + 1) missing(message.seq - 1);
      session.send(historyEvent(message));
      count++;
      cursor = message.seq;
    }
    if (page.length < REPLAY_PAGE) break;
    await new Promise((resolve) => setImmediate(resolve)); // let other sessions and the socket have their turn
    if (!hold.current) return null;
  }
  if (cursor < upTo) missing(upTo); // the newest were pruned while the replay ran
  return gap ? { count, gap } : { count };
}

/** Wait until the session's output queue drops to resumeAt; false (and the session is cut) if it stalls. */
async function drained(session: Session, resumeAt: number, hub: ReplaySource): Promise<boolean> {
  const stallMs = hub.config.heartbeatMs;
  let low = Infinity;
  let lowAt = Date.now();
  await new Promise((resolve) => setImmediate(resolve)); // writes are corked until the tick ends
  while (session.isOpen && session.connection.bufferedBytes > resumeAt) {
    const now = session.connection.bufferedBytes;
    if (now < low) {
      low = now;
      lowAt = Date.now();
    } else if (Date.now() - lowAt > stallMs) {
      session.end('slow_consumer'); // a client that reads nothing for a heartbeat is as gone as a silent one
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
  return session.isOpen;
}
