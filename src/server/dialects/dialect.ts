// What a wire dialect is: it turns inbound payloads into hub commands and server messages into bytes.
// The hub never knows which dialect a session speaks.
import type { ServerMessage } from '../../protocol/index.js';
import type { Session } from '../session.js';

/** Per-session state of a dialect. */
export interface DialectSession {
  /** Called once when the session starts, before any payload. */
  open?(): void;
  /** One inbound payload (a frame, a WebSocket message, a text chunk). */
  receive(payload: Uint8Array): void;
  /** Whether this session wants a broadcast message at all (per-session filtering; encoding stays shared). */
  wants?(message: ServerMessage, self: boolean): boolean;
}

/** A wire dialect over one framing. Instances are shared by every session that speaks it. */
export interface Dialect {
  /** A short name for logs and metrics, such as "native/tcp". */
  readonly name: string;
  /** Whether sessions of this dialect answer the dialect's own ping (so silence means death). */
  readonly answersPing: boolean;
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
  upgradeQuery?(session: Session, params: URLSearchParams): void;
  /** Begin a session's state. */
  attach(session: Session): DialectSession;
}
