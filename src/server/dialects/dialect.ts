// What a wire dialect is: it turns inbound payloads into protocol client messages, which enter the command table
// through its host, and server messages into bytes. The hub never knows which dialect a session speaks.
import type { ClientMessage, ErrorCode, QuitReason, RequestId, ServerMessage } from '../../protocol/index.js';
import type { RequestOptions, RequestOutcome } from '../request.js';
import type { Answer } from '../seams/answer.js';

/** What a dialect's session may do with the connection it serves: all a dialect knows of the server's session. */
export interface DialectHost {
  /** A number for logs. */
  readonly id: number;
  /** The session's nick, or null until a connect has been accepted. */
  readonly nick: string | null;
  /** Whether the session still takes messages. */
  readonly isOpen: boolean;
  /** The state of the dialect the session speaks now (after settle, the settled one's). */
  readonly protocol: DialectSession;
  /** Run a client message through the command table as this session: the one door into the chat rules. */
  request(message: ClientMessage, options?: RequestOptions): RequestOutcome;
  /** Send a message meant for this session only. */
  send(message: ServerMessage): void;
  /** Send an error with its stable code; id and re tie it to what caused it. */
  sendError(code: ErrorCode, message?: string, id?: RequestId, re?: string): void;
  /** End the session for this reason (its companions are told), then close the connection. */
  end(reason: QuitReason): void;
  /** Hand the session to the dialect its first payload revealed (see firstPayloadDialect). */
  settle(dialect: Dialect): void;
}

/**
 * What a dialect may ask of the server at large, given once when the dialect is made: the limits and who holds
 * which nick, for wire-only rules that pick a name before asking for it (TP6's numbered variants, aiohttp's names).
 */
export interface DialectContext {
  readonly config: {
    readonly limits: { readonly maxNickChars: number };
    /** The room TP6 clients live in. */
    readonly defaultRoom: string;
  };
  /** Whether a nick, or one that looks like it, is held by a session other than `self` (at once on one node). */
  nickTaken(nick: string, self?: DialectHost): Answer<boolean>;
  /** The session that holds this nick (case ignored), if any (at once on one node). */
  findNick(nick: string): Answer<DialectHost | undefined>;
}

/** Per-session state of a dialect. */
export interface DialectSession {
  /** Called once when the session starts, before any payload. */
  open?(): void;
  /** One inbound payload (a frame, a WebSocket message, a text chunk). */
  receive(payload: Uint8Array): void;
  /**
   * Whether this session wants a message at all (per-session filtering; encoding stays shared). `self` is set for
   * messages meant for this session alone, replies among them, which a dialect may render in its own way here.
   */
  wants?(message: ServerMessage, self: boolean): boolean;
}

/** A wire dialect over one framing. Instances are shared by every session that speaks it. */
export interface Dialect {
  /** A short name for logs and metrics, such as "native/tcp". */
  readonly name: string;
  /** Whether sessions of this dialect answer the dialect's own ping (so silence means death). */
  readonly answersPing: boolean;
  /**
   * Whether a join is followed by the room's history and its `replayed` marker. The tutorial dialects have no form
   * for either (a history line would look live), so they join without one.
   */
  readonly replaysHistory?: boolean;
  /**
   * The bytes of a message for this dialect (framing included), or null when it has no form here. Must depend only
   * on its arguments: the result for self=false is shared by every recipient of a broadcast.
   */
  encode(message: ServerMessage, self: boolean): Uint8Array | null;
  /**
   * For dialects whose wire form of every message is its JSON text (native): frame that text. Lets a broadcast
   * stringify once for all such dialects, and the sender's copy reuse the broadcast's text.
   */
  frameJson?(json: string): Uint8Array;
  /**
   * For WebSocket dialects: act on the upgrade URL's query once the session has started (native reads a `connect`
   * there, which saves the client a round trip).
   */
  upgradeQuery?(host: DialectHost, params: URLSearchParams): void;
  /** Begin a session's state. */
  attach(host: DialectHost): DialectSession;
}

/** The id of a reply, when the message is one that carries it. */
export function replyId(message: ServerMessage): RequestId | undefined {
  return 'id' in message ? message.id : undefined;
}
