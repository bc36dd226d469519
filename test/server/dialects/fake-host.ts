// A typed stand-in for the session a dialect attaches to: it records the requests the dialect makes, answers them
// as a script says (as the command table would), and keeps the bytes the dialect's encode makes of what is sent.
import { DEFAULT_LIMITS } from '../../../src/protocol/index.js';
import type {
  ClientMessage,
  ErrorCode,
  QuitReason,
  RequestId,
  ServerMessage,
} from '../../../src/protocol/index.js';
import type {
  Dialect,
  DialectContext,
  DialectHost,
  DialectSession,
} from '../../../src/server/dialects/dialect.js';
import type { RequestOptions, RequestOutcome } from '../../../src/server/request.js';

/** One request a dialect made, with its options. */
export interface Made {
  message: ClientMessage;
  options?: RequestOptions;
}

/** How the fake answers a request: it may send replies through the host, and says how the request went. */
export type Script = (message: ClientMessage, host: FakeHost) => RequestOutcome;

/** The table's usual answers: connect gives the nick asked for (or a guest's), everything else an ok. */
export const acceptAll: Script = (message, host) => {
  if (message.action === 'connect') {
    host.nick = message.username ?? 'guest-1';
    host.send({
      action: 'welcome',
      nick: host.nick,
      version: 1,
      server: 'test',
      heartbeatMs: 1000,
      limits: DEFAULT_LIMITS,
      ...(message.id !== undefined ? { id: message.id } : {}),
    });
    return 'done';
  }
  if (message.action === 'chat') return 'running';
  if (message.action === 'nick') host.nick = message.nick;
  host.send(okReply(message, host.nick ?? 'guest-1'));
  return 'done';
};

/** The success reply the table would give a request, in its typed shape (the dialects render it their own way). */
function okReply(message: ClientMessage, nick: string): ServerMessage {
  const id = message.id !== undefined ? { id: message.id } : {};
  switch (message.action) {
    case 'joinroom':
      return { action: 'ok', re: 'joinroom', room: message.room, topic: '', members: [nick], ...id };
    case 'leaveroom':
      return { action: 'ok', re: 'leaveroom', room: message.room, ...id };
    case 'members':
      return { action: 'ok', re: 'members', room: message.room, members: [nick], ...id };
    case 'nick':
      return { action: 'ok', re: 'nick', nick: message.nick, ...id };
    case 'quit':
      return { action: 'ok', re: 'quit', ...id };
    default:
      throw new Error(`the fake host has no answer for ${message.action}`);
  }
}

/** Refuse a request as the table does: an error naming it, then 'refused'. */
export function refuse(
  host: FakeHost,
  message: ClientMessage,
  code: ErrorCode,
  text: string,
): RequestOutcome {
  host.sendError(code, text, message.id, message.action);
  return 'refused';
}

/** A DialectHost whose wire is a list of byte strings. */
export class FakeHost implements DialectHost {
  readonly id = 1;
  nick: string | null = null;
  isOpen = true;
  readonly made: Made[] = [];
  /** What the dialect's encode made of each message sent to this session. */
  readonly wire: Uint8Array[] = [];
  ended: QuitReason | null = null;
  private state: DialectSession;

  constructor(
    private dialect: Dialect,
    private readonly script: Script = acceptAll,
  ) {
    this.state = dialect.attach(this);
  }

  get protocol(): DialectSession {
    return this.state;
  }

  /** Start the dialect's session, as a new connection does. */
  open(): this {
    this.state.open?.();
    return this;
  }

  /** One inbound payload for the dialect. */
  receive(payload: string | Uint8Array): void {
    this.state.receive(typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload);
  }

  request(message: ClientMessage, options?: RequestOptions): RequestOutcome {
    this.made.push(options ? { message, options } : { message });
    return this.script(message, this);
  }

  send(message: ServerMessage): void {
    this.write(message, true);
  }

  /** A broadcast to this session (shared bytes: self is false). */
  deliver(message: ServerMessage): void {
    this.write(message, false);
  }

  sendError(code: ErrorCode, message = code as string, id?: RequestId, re?: string): void {
    this.send({
      action: 'error',
      code,
      message,
      ...(id !== undefined ? { id } : {}),
      ...(re !== undefined ? { re } : {}),
    });
  }

  end(reason: QuitReason): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.ended = reason;
  }

  settle(dialect: Dialect): void {
    this.dialect = dialect;
    this.state = dialect.attach(this);
    this.state.open?.();
  }

  /** The requests made so far, forgotten once read. */
  takeRequests(): Made[] {
    return this.made.splice(0);
  }

  /** The wire so far as text (after a prefix of `prefix` bytes each), forgotten once read. */
  takeText(prefix = 0): string[] {
    return this.wire.splice(0).map((bytes) => Buffer.from(bytes).subarray(prefix).toString('utf8'));
  }

  /** The wire so far as JSON values (after a prefix of `prefix` bytes each), forgotten once read. */
  takeJson(prefix = 0): unknown[] {
    return this.takeText(prefix).map((text) => JSON.parse(text) as unknown);
  }

  private write(message: ServerMessage, self: boolean): void {
    if (!this.isOpen) return;
    if (this.state.wants && !this.state.wants(message, self)) return;
    const bytes = this.dialect.encode(message, self);
    if (bytes !== null) this.wire.push(bytes);
  }
}

/** A context with the given nicks taken (by somebody else), a default room of `lobby` and 32-character nicks. */
export function context(taken: string[] = []): DialectContext {
  const held = new Set(taken.map((nick) => nick.toLowerCase()));
  const other: DialectHost = new FakeHost({
    name: 'other',
    answersPing: false,
    encode: () => null,
    attach: () => ({ receive: () => undefined }),
  });
  return {
    config: { limits: { maxNickChars: 32 }, defaultRoom: 'lobby' },
    nickTaken: (nick) => held.has(nick.toLowerCase()),
    findNick: (nick) => (held.has(nick.toLowerCase()) ? other : undefined),
  };
}
