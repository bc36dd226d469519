// Messages on their way: queued while offline (bounded), in flight once sent, sent again with the same idempotency
// key after a reconnect so that each is stored once, whatever happened to the connection in between.
import type { ChatEvent, DmEvent } from '../protocol/messages.js';
import { ClientError } from './errors.js';
import type { ParleyError, ServerError } from './errors.js';
import type { Ack } from './types.js';

/** A message to send: to a room, or directly to a nick. */
export type Outgoing =
  { kind: 'chat'; room: string; text: string } | { kind: 'dm'; to: string; text: string };

/** One message in the outbox. */
interface OutboxEntry {
  readonly message: Outgoing;
  /** The idempotency key, the same for every attempt. */
  readonly key: string;
  /** The request id of the attempt in flight, or undefined while queued. */
  id: string | undefined;
  resolve(ack: Ack): void;
  reject(error: ParleyError): void;
}

/** The longest pause when the server says we send too fast. */
const MAX_RATE_PAUSE_MS = 4000;

/** A random idempotency key (crypto where there is one; the key only needs to be unique per room). */
export function randomKey(): string {
  const bytes = new Uint8Array(12);
  const crypto = (globalThis as { crypto?: { getRandomValues(b: Uint8Array): Uint8Array } }).crypto;
  if (crypto) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The ordered list of unacknowledged messages, and when to send them. */
export class Outbox {
  private readonly entries: OutboxEntry[] = [];
  private online = false;
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;
  private pauseMs = 0;

  constructor(
    private readonly limit: number,
    /** Send one request on the connection; false when there is none. */
    private readonly send: (request: Record<string, unknown>) => boolean,
    private readonly newId: () => string,
  ) {}

  /** How many messages wait for an acknowledgement (queued or in flight). */
  get size(): number {
    return this.entries.length;
  }

  /** Add a message and send it when possible; the promise settles with the server's answer. */
  add(message: Outgoing): Promise<Ack> {
    if (this.entries.length >= this.limit) {
      return Promise.reject(
        new ClientError('queue_full', `${this.limit} messages are already waiting to be sent`),
      );
    }
    const promise = new Promise<Ack>((resolve, reject) => {
      this.entries.push({ message, key: randomKey(), id: undefined, resolve, reject });
    });
    this.flush();
    return promise;
  }

  /** Identified on a connection: send what waits, in order. */
  connected(): void {
    this.online = true;
    this.flush();
  }

  /** The connection dropped: everything in flight goes back to the queue, in its original order. */
  disconnected(): void {
    this.online = false;
    this.unpause();
    for (const entry of this.entries) entry.id = undefined;
  }

  /** The sender's copy of a message: if it answers one of ours, that message is acknowledged. */
  acknowledged(event: ChatEvent | DmEvent): void {
    const entry = this.byId(event.id);
    if (!entry) return;
    this.settle(entry);
    this.pauseMs = 0;
    entry.resolve({ mid: event.mid, seq: event.seq, ts: event.ts, duplicate: event.duplicate === true });
  }

  /** An error answer: true when it answered one of ours (rate limits are retried, others fail the send). */
  failed(id: string | undefined, error: ServerError): boolean {
    const entry = this.byId(id);
    if (!entry) return false;
    if (error.code !== 'rate_limited') {
      this.settle(entry);
      entry.reject(error);
      return true;
    }
    // Too fast: nothing was stored. Pause, then send it (and what follows) again with the same key.
    entry.id = undefined;
    if (this.pauseTimer) return true;
    this.pauseMs = Math.min(MAX_RATE_PAUSE_MS, Math.max(250, this.pauseMs * 2));
    this.pauseTimer = setTimeout(() => {
      this.pauseTimer = undefined;
      this.flush();
    }, this.pauseMs);
    return true;
  }

  /** Fail every message (the client is closing). */
  failAll(error: ParleyError): void {
    this.online = false;
    this.unpause();
    for (const entry of this.entries.splice(0)) entry.reject(error);
  }

  private flush(): void {
    if (!this.online || this.pauseTimer) return;
    for (const entry of this.entries) {
      if (entry.id !== undefined) continue;
      const id = this.newId();
      const m = entry.message;
      const request =
        m.kind === 'chat'
          ? { action: 'chat', id, room: m.room, message: m.text, key: entry.key }
          : { action: 'dm', id, to: m.to, message: m.text, key: entry.key };
      if (!this.send(request)) return;
      entry.id = id;
    }
  }

  private unpause(): void {
    clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
  }

  private byId(id: unknown): OutboxEntry | undefined {
    return id === undefined ? undefined : this.entries.find((entry) => entry.id === id);
  }

  private settle(entry: OutboxEntry): void {
    const at = this.entries.indexOf(entry);
    if (at >= 0) this.entries.splice(at, 1);
  }
}
