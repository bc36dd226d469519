// Runtime schemas of every request's success answer, strict (no field beyond the declared ones), for tests that
// check what the server really sends against the protocol's reply types (test/protocol/replies.test.ts proves
// each schema infers exactly its type in src/protocol/replies.ts).
import { z } from 'zod';

const id = z.union([z.string(), z.number()]).optional();
const ok = { action: z.literal('ok'), id };
const nickList = z.array(z.string());

const chatEvent = z.strictObject({
  action: z.literal('chat'),
  id,
  room: z.string(),
  message: z.string(),
  from: z.string(),
  mid: z.string(),
  seq: z.number(),
  ts: z.number(),
  duplicate: z.boolean().optional(),
  history: z.boolean().optional(),
});

const dmEvent = z.strictObject({
  action: z.literal('dm'),
  id,
  from: z.string(),
  to: z.string(),
  message: z.string(),
  mid: z.string(),
  seq: z.number(),
  ts: z.number(),
  duplicate: z.boolean().optional(),
  history: z.boolean().optional(),
});

const limits = z.strictObject({
  maxFrameBytes: z.number(),
  maxMessageChars: z.number(),
  maxNickChars: z.number(),
  maxRoomChars: z.number(),
  maxTopicChars: z.number(),
  maxHistoryPage: z.number(),
});

const topicRead = z.strictObject({
  ...ok,
  re: z.literal('topic'),
  room: z.string(),
  topic: z.string(),
  by: z.string(),
});
const topicSet = z.strictObject({
  ...ok,
  re: z.literal('topic'),
  room: z.string(),
  topic: z.string(),
  by: z.undefined().optional(),
});

/** The answer each request action gets on success (pong gets none, so it has no schema). */
export const replySchemas = {
  connect: z.strictObject({
    action: z.literal('welcome'),
    id,
    nick: z.string(),
    version: z.number(),
    server: z.string(),
    heartbeatMs: z.number(),
    limits,
    defaultRoom: z.string().optional(),
  }),
  nick: z.strictObject({ ...ok, re: z.literal('nick'), nick: z.string() }),
  joinroom: z.strictObject({
    ...ok,
    re: z.literal('joinroom'),
    room: z.string(),
    topic: z.string(),
    members: nickList,
    memberCount: z.number().optional(),
    membersMore: z.boolean().optional(),
  }),
  leaveroom: z.strictObject({ ...ok, re: z.literal('leaveroom'), room: z.string() }),
  chat: chatEvent,
  dm: dmEvent,
  rooms: z.strictObject({
    ...ok,
    re: z.literal('rooms'),
    rooms: z.array(z.strictObject({ room: z.string(), members: z.number(), topic: z.string() })),
    hasMore: z.boolean().optional(),
    next: z.string().nullable().optional(),
  }),
  members: z.strictObject({
    ...ok,
    re: z.literal('members'),
    room: z.string(),
    members: nickList,
    hasMore: z.boolean().optional(),
    next: z.string().nullable().optional(),
    memberCount: z.number().optional(),
  }),
  topic: z.union([topicRead, topicSet]),
  history: z.strictObject({
    ...ok,
    re: z.literal('history'),
    room: z.string().optional(),
    with: z.string().optional(),
    messages: z.array(z.union([chatEvent, dmEvent])),
    first: z.number().nullable(),
    last: z.number().nullable(),
    hasMore: z.boolean(),
  }),
  ping: z.strictObject({ action: z.literal('pong'), id }),
  quit: z.strictObject({ ...ok, re: z.literal('quit') }),
} as const;

/** The /echo dialect's internal reply (never on the native wire). */
export const echoReplySchema = z.strictObject({ ...ok, re: z.literal('ping'), echo: z.unknown() });

/** The actions whose answers have a schema: every client action but pong, which gets no answer. */
export type AnsweredAction = keyof typeof replySchemas;
