// The native protocol's messages: zod schemas for what clients send; the types of what the server sends live in
// ./events.ts and ./replies.ts (zod-free, for the SDK) and are re-exported here.
// docs/protocol.md describes the same contract in prose; keep them together.
import { z } from 'zod';
import { MAX_ID_CHARS } from './limits.js';
import type { RequestId } from './events.js';
import type { OkReplies } from './replies.js';

export type * from './events.js';
export type * from './replies.js';

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

/** The `id` field of an answer: present only when the request carried one. */
export function withId(id: RequestId | undefined): { id?: RequestId } {
  return id === undefined ? {} : { id };
}

/** Whether a string names a client action. */
export function isClientAction(action: unknown): action is ClientAction {
  return typeof action === 'string' && Object.hasOwn(clientSchemas, action);
}

/** Compile-time only: the answer map (replies.ts) has exactly one entry per client action. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _everyActionAnswered: SameKeys<keyof OkReplies, ClientAction> = true;
