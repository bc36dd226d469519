// A server message on its way to many sessions, encoded at most once per dialect however many members receive it.
import type { ServerMessage } from '../protocol/index.js';
import type { Dialect } from './dialects/dialect.js';

/** One broadcast: the message and its encodings, cached by dialect. */
export class Outbound {
  // Most rooms hold sessions of one or two dialects: two fields avoid a Map for the common case.
  private firstDialect: Dialect | undefined;
  private firstBytes: Uint8Array | null = null;
  private more: Map<Dialect, Uint8Array | null> | undefined;
  /** The room the message is about, if one: a session replaying that room's history holds it back. */
  readonly room: string | undefined;

  constructor(readonly message: ServerMessage) {
    this.room = 'room' in message && typeof message.room === 'string' ? message.room : undefined;
  }

  /** The bytes of this message for a dialect (framing included), or null when the dialect has no form for it. */
  bytesFor(dialect: Dialect): Uint8Array | null {
    if (dialect === this.firstDialect) return this.firstBytes;
    if (this.firstDialect === undefined) {
      this.firstDialect = dialect;
      this.firstBytes = dialect.encode(this.message, false);
      return this.firstBytes;
    }
    this.more ??= new Map();
    let bytes = this.more.get(dialect);
    if (bytes === undefined) {
      bytes = dialect.encode(this.message, false);
      this.more.set(dialect, bytes);
    }
    return bytes;
  }
}
