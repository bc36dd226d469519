// A server message on its way to many sessions, encoded at most once per dialect however many members receive it.
import type { ServerMessage } from '../protocol/index.js';
import type { Dialect } from './dialects/dialect.js';

/** One broadcast: the message, its JSON text (made once for every JSON dialect), and its encodings by dialect. */
export class Outbound {
  // Most rooms hold sessions of one or two dialects: two fields avoid a Map for the common case.
  private firstDialect: Dialect | undefined;
  private firstBytes: Uint8Array | null = null;
  private more: Map<Dialect, Uint8Array | null> | undefined;
  private text: string | undefined;
  /** The room the message is about, if one: a session replaying that room's history holds it back. */
  readonly room: string | undefined;

  constructor(readonly message: ServerMessage) {
    this.room = 'room' in message && typeof message.room === 'string' ? message.room : undefined;
  }

  /** An Outbound whose JSON text is already known; it must equal JSON.stringify(message). */
  static withJson(message: ServerMessage, json: string): Outbound {
    const out = new Outbound(message);
    out.text = json;
    return out;
  }

  /** The message as JSON text: stringified once, however many dialects frame it (native over TCP and WebSocket). */
  get json(): string {
    return (this.text ??= JSON.stringify(this.message));
  }

  /**
   * The same message with fields added after its own (the sender's request id on its copy): the JSON is this one's
   * with the fields spliced in before the closing brace, not a second stringify of the whole message. The fields
   * must be new to the message, so that the text equals JSON.stringify of the merged object.
   */
  extend(fields: Record<string, unknown>): Outbound {
    const extended = new Outbound({ ...this.message, ...fields } as ServerMessage);
    const added = JSON.stringify(fields);
    if (added !== '{}') extended.text = `${this.json.slice(0, -1)},${added.slice(1)}`;
    else extended.text = this.json;
    return extended;
  }

  /** The bytes of this message for a dialect (framing included), or null when the dialect has no form for it. */
  bytesFor(dialect: Dialect): Uint8Array | null {
    if (dialect === this.firstDialect) return this.firstBytes;
    if (this.firstDialect === undefined) {
      this.firstDialect = dialect;
      this.firstBytes = encodeFor(dialect, this, false);
      return this.firstBytes;
    }
    this.more ??= new Map();
    let bytes = this.more.get(dialect);
    if (bytes === undefined) {
      bytes = encodeFor(dialect, this, false);
      this.more.set(dialect, bytes);
    }
    return bytes;
  }
}

/** A message's bytes for one dialect: framed from the shared JSON text when the dialect's wire form is that text. */
export function encodeFor(dialect: Dialect, out: Outbound, self: boolean): Uint8Array | null {
  return dialect.frameJson ? dialect.frameJson(out.json) : dialect.encode(out.message, self);
}
