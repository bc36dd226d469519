// What the server sends besides the success replies (./replies.ts): events, the greeting, errors, the heartbeat.
// Types only, no zod: the SDK imports them into browser bundles.
import type { ErrorCode } from './errors.js';
import type { Limits } from './limits.js';

/** The request id type. */
export type RequestId = string | number;

/** Why a client disconnected, as told to the others. */
export type QuitReason = 'quit' | 'timeout' | 'error' | 'shutdown' | 'slow_consumer' | 'kicked';

/** A stored and delivered chat message (room or direct). */
export interface ChatEvent {
  action: 'chat';
  id?: RequestId;
  room: string;
  message: string;
  from: string;
  /** Server-assigned message id. */
  mid: string;
  /** Per-room sequence number: gap-free and strictly increasing. */
  seq: number;
  /** Server time, milliseconds since the epoch. */
  ts: number;
  /** Set on the sender's copy when a retried key matched an existing message. */
  duplicate?: boolean;
  /** Set on messages delivered from history rather than live. */
  history?: boolean;
}

/** A direct message between two users. */
export interface DmEvent {
  action: 'dm';
  id?: RequestId;
  from: string;
  to: string;
  message: string;
  mid: string;
  seq: number;
  ts: number;
  duplicate?: boolean;
  history?: boolean;
}

/** The greeting: the answer to connect. */
export interface WelcomeMessage {
  action: 'welcome';
  id?: RequestId;
  nick: string;
  version: number;
  server: string;
  heartbeatMs: number;
  limits: Limits;
  /** The room for clients that have none in mind (the server's --default-room); absent from older servers. */
  defaultRoom?: string;
}

/** An error answer or notice; id is set when it answers a request. */
export interface ErrorMessage {
  action: 'error';
  id?: RequestId;
  re?: string;
  code: ErrorCode;
  message: string;
}

/** Somebody joined a room. */
export interface JoinEvent {
  action: 'join';
  room: string;
  nick: string;
}
/** Somebody left a room. */
export interface PartEvent {
  action: 'part';
  room: string;
  nick: string;
}
/** Somebody changed nick; sent once to each session sharing a room with them. */
export interface NickEvent {
  action: 'nick';
  old: string;
  nick: string;
}
/** A room's topic changed. */
export interface TopicEvent {
  action: 'topic';
  room: string;
  topic: string;
  by: string;
}
/** Somebody disconnected; sent once to each session sharing a room with them. */
export interface QuitEvent {
  action: 'quit';
  nick: string;
  reason: QuitReason;
  /** The rooms the receiver shared with them (not every room they were in). */
  rooms: string[];
}
/**
 * Ends the history replay that follows a join: everything before it was history, everything after is live.
 * After `joinroom {since}` the replay holds every retained message with seq > since; `complete` is false and `gap`
 * names the missing range when retention dropped some of them. After a plain join it holds the recent messages.
 */
export interface ReplayedEvent {
  action: 'replayed';
  room: string;
  /** 'resume' after joinroom with since, 'recent' after a plain join. */
  mode: 'resume' | 'recent';
  /** How many history messages were sent. */
  count: number;
  /** The last sequence number sent in the replay (or since, when nothing was sent); live messages follow it. */
  last: number;
  /** True when nothing after `since` is missing. */
  complete: boolean;
  /** The range of sequence numbers that retention dropped, when complete is false. */
  gap?: { from: number; to: number };
}
/** The server is going down; the connection closes next. */
export interface ShutdownEvent {
  action: 'shutdown';
  message: string;
}
/** Heartbeat probe (server to client); answer with pong. */
export interface PingMessage {
  action: 'ping';
  id?: RequestId;
}
/** Heartbeat answer. */
export interface PongMessage {
  action: 'pong';
  id?: RequestId;
}
