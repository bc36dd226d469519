// The native protocol's messages: zod schemas for what clients send, types for what the server sends.
// docs/protocol.md describes the same contract in prose; keep them together.
import { z } from 'zod';
import { MAX_ID_CHARS } from './limits.js';
import type { Limits } from './limits.js';
import type { ErrorCode } from './errors.js';

/** A client-chosen request id, echoed in the answer. */
const requestId = z.union([z.string().max(MAX_ID_CHARS), z.number().int()]).optional();
const text = z.string();

/** Schemas for each client action; extra keys are ignored so that clients can evolve. */
export const clientSchemas = {
  connect: z.object({
    action: z.literal('connect'),
    id: requestId,
    username: text.optional(),
    version: z.number().int().positive().optional(),
  }),
  nick: z.object({ action: z.literal('nick'), id: requestId, nick: text }),
  joinroom: z.object({
    action: z.literal('joinroom'),
    id: requestId,
    room: text,
    /** Resume: the last sequence number this client has seen in the room. */
    since: z.number().int().nonnegative().optional(),
  }),
  leaveroom: z.object({ action: z.literal('leaveroom'), id: requestId, room: text }),
  chat: z.object({
    action: z.literal('chat'),
    id: requestId,
    room: text,
    message: text,
    /** Idempotency key: a retry with the same key never makes a second message. */
    key: text.optional(),
  }),
  dm: z.object({ action: z.literal('dm'), id: requestId, to: text, message: text, key: text.optional() }),
  /** One page of the room list, in name order: the rooms after `after` (the previous page's `next`). */
  rooms: z.object({
    action: z.literal('rooms'),
    id: requestId,
    after: text.optional(),
    limit: z.number().int().positive().optional(),
  }),
  /** One page of a room's members, in nick order: the nicks after `after` (the previous page's `next`). */
  members: z.object({
    action: z.literal('members'),
    id: requestId,
    room: text,
    after: text.optional(),
    limit: z.number().int().positive().optional(),
  }),
  topic: z.object({ action: z.literal('topic'), id: requestId, room: text, topic: text.optional() }),
  history: z.object({
    action: z.literal('history'),
    id: requestId,
    room: text.optional(),
    /** A direct conversation: the other user's nick. */
    with: text.optional(),
    before: z.number().int().nonnegative().optional(),
    after: z.number().int().nonnegative().optional(),
    limit: z.number().int().positive().optional(),
  }),
  ping: z.object({ action: z.literal('ping'), id: requestId }),
  pong: z.object({ action: z.literal('pong'), id: requestId }),
  quit: z.object({ action: z.literal('quit'), id: requestId, reason: text.max(200).optional() }),
} as const;

/** Every action a client may send. */
export type ClientAction = keyof typeof clientSchemas;

/** A validated client message of any action. */
export type ClientMessage = { [A in ClientAction]: z.infer<(typeof clientSchemas)[A]> }[ClientAction];

/** A validated client message of one action. */
export type ClientMessageOf<A extends ClientAction> = z.infer<(typeof clientSchemas)[A]>;

/** The request id type. */
export type RequestId = string | number;

/** The `id` field of an answer: present only when the request carried one. */
export function withId(id: RequestId | undefined): { id?: RequestId } {
  return id === undefined ? {} : { id };
}

/** Whether a string names a client action. */
export function isClientAction(action: unknown): action is ClientAction {
  return typeof action === 'string' && Object.hasOwn(clientSchemas, action);
}

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

/** A success answer to a request; the fields beside re depend on the request. */
export interface OkMessage {
  action: 'ok';
  id?: RequestId;
  re: ClientAction;
  [field: string]: unknown;
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

/** Everything the server sends. */
export type ServerMessage =
  | WelcomeMessage
  | OkMessage
  | ErrorMessage
  | ChatEvent
  | DmEvent
  | JoinEvent
  | PartEvent
  | NickEvent
  | TopicEvent
  | QuitEvent
  | ReplayedEvent
  | ShutdownEvent
  | PingMessage
  | PongMessage;
