// The SDK's public value and event types: what applications see, independent of the wire's spelling.
import type { QuitReason } from '../protocol/messages.js';
import type { ParleyError } from './errors.js';

/** The connection's state: one machine, four states. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'closed';

/** Why a connection ended; every disconnect goes through one path and names one of these. */
export type DisconnectReason =
  /** The transport failed: refused, reset, TLS rejected, DNS… (`error` says which). */
  | 'transport_error'
  /** The server closed the connection without saying why. */
  | 'server_closed'
  /** The server said it is shutting down. */
  | 'server_shutdown'
  /** Nothing came from the server in time, not even an answer to a ping. */
  | 'ping_timeout'
  /** The server refused to identify us (for instance: our nick is still held by our previous connection). */
  | 'handshake_failed'
  /** The server sent something that is not a protocol message. */
  | 'protocol_error'
  /** reconnectNow() dropped the connection on purpose. */
  | 'reconnect';

/** A change of connection state. */
export type StateEvent =
  | { state: 'connecting'; /** Failed attempts since the last connection. */ attempt: number }
  | {
      state: 'connected';
      nick: string;
      /** The server's name and version. */
      server: string;
      /** True after the first connection: rooms are being rejoined and resumed. */
      reconnected: boolean;
    }
  | {
      state: 'disconnected';
      reason: DisconnectReason;
      error?: ParleyError | Error;
      /** Milliseconds until the next attempt. */
      retryInMs: number;
      /** When the next attempt starts (Date.now() clock). */
      retryAt: number;
      attempt: number;
    }
  | {
      state: 'closed';
      /** Set when the client closed because of a fatal error (for instance an invalid nick). */ error?: ParleyError;
    };

/** The server's acknowledgement of a message: it is stored, with this id and sequence number. */
export interface Ack {
  mid: string;
  seq: number;
  ts: number;
  /** True when a retry matched a message stored before: nothing new was stored. */
  duplicate: boolean;
}

/** A message in a room. */
export interface RoomMessage {
  room: string;
  from: string;
  text: string;
  mid: string;
  /** The room's sequence number: gap-free, strictly increasing. */
  seq: number;
  /** Server time, milliseconds since the epoch. */
  ts: number;
  /** Delivered from history (on join, or missed while offline) rather than live. */
  history: boolean;
  /** Sent by this client's nick. */
  own: boolean;
}

/** A direct message. */
export interface DirectMessage {
  from: string;
  to: string;
  text: string;
  mid: string;
  seq: number;
  ts: number;
  history: boolean;
  own: boolean;
}

/** Somebody arrived, left or changed name. */
export type PresenceEvent =
  | { kind: 'join'; room: string; nick: string }
  | { kind: 'part'; room: string; nick: string }
  | { kind: 'quit'; nick: string; reason: QuitReason; rooms: string[] }
  | { kind: 'nick'; old: string; nick: string; /** This client's own nick changed. */ self: boolean };

/** A room's topic changed. */
export interface TopicChange {
  room: string;
  topic: string;
  by: string;
}

/** This client joined or left a room. */
export type RoomEvent =
  | {
      kind: 'joined';
      room: string;
      topic: string;
      members: string[];
      /** How many members the room has: `members` is the first page only in a big room. */
      memberCount: number;
      /** A rejoin after a reconnect. */ rejoined: boolean;
    }
  | { kind: 'left'; room: string };

/** The end of a join's history replay: what came before was history, what follows is live. */
export interface ReplayInfo {
  room: string;
  /** 'resume' after a reconnect, 'recent' after a first join. */
  mode: 'resume' | 'recent';
  /** History messages the server sent (some may have been seen already and not delivered again). */
  count: number;
  /** False when the server no longer holds some missed messages. */
  complete: boolean;
  gap?: { from: number; to: number };
}

/** What joining a room answers. */
export interface JoinResult {
  room: string;
  topic: string;
  /** The first page of members (the server sends at most its --list-page); client.members() gives them all. */
  members: string[];
  /** How many members the room has, also those beyond the first page. */
  memberCount: number;
}

/** One page of a list the server gives in pages (rooms, members): `next` is the cursor for the following page. */
export interface ListPage<T> {
  items: T[];
  /** Whether more entries follow; then `next` asks for them. */
  hasMore: boolean;
  next: string | null;
}

/** One room in the server's list. */
export interface RoomSummary {
  room: string;
  members: number;
  topic: string;
}

/** A room's topic and who set it. */
export interface TopicInfo {
  room: string;
  topic: string;
  by: string;
}

/** What the client knows about a room it is in (or will rejoin). */
export interface RoomInfo {
  room: string;
  topic: string;
  /** The members known by nick (in a big room, the join's first page and those who came since). */
  members: string[];
  /** How many members the room has. */
  memberCount: number;
  /** The last sequence number delivered to the application, 0 before any. */
  lastSeq: number;
  /** Joined on the current connection (false while offline or rejoining). */
  joined: boolean;
}

/** Which history to page through, and where. */
export type HistoryQuery = ({ room: string } | { with: string }) & {
  before?: number;
  after?: number;
  limit?: number;
};

/** One page of history, oldest first. */
export interface HistoryPage {
  messages: (RoomMessage | DirectMessage)[];
  /** The server holds more messages further in the same direction. */
  hasMore: boolean;
}

/** Every event a ChatClient emits, by name. */
export interface ChatClientEvents {
  state: StateEvent;
  message: RoomMessage;
  dm: DirectMessage;
  presence: PresenceEvent;
  topic: TopicChange;
  room: RoomEvent;
  replayed: ReplayInfo;
  /** Errors that answer no request of the application's: a failed rejoin, an unsolicited server error. */
  error: ParleyError;
}
