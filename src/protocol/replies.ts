// What a request gets back when it succeeds: one typed shape per request, discriminated on `re`, and the map from a
// request's action to its answer. docs/protocol.md lists the same replies in prose. Types and one small guard, no
// zod: the SDK imports this module into browser bundles.
import type {
  ChatEvent,
  DmEvent,
  ErrorMessage,
  JoinEvent,
  NickEvent,
  PartEvent,
  PingMessage,
  PongMessage,
  QuitEvent,
  ReplayedEvent,
  RequestId,
  ShutdownEvent,
  TopicEvent,
  WelcomeMessage,
} from './events.js';

/** What every ok reply carries: the request's id (when it had one) and the action it answers. */
interface OkBase<R extends string> {
  action: 'ok';
  id?: RequestId;
  re: R;
}

// Fields marked "paged" came with paged lists: older servers omit them and send whole lists, which clients read
// as one last page.

/** joinroom: the room, its topic, the first page of its members (up to --list-page) and how many there are. */
export interface JoinroomReply extends OkBase<'joinroom'> {
  room: string;
  topic: string;
  /** The first page of members in nick order; `membersMore` says whether more exist (ask `members` for them). */
  members: string[];
  /** Paged: absent from older servers. */
  memberCount?: number;
  /** Paged: absent from older servers. */
  membersMore?: boolean;
}

/** leaveroom: the room left. */
export interface LeaveroomReply extends OkBase<'leaveroom'> {
  room: string;
}

/** One room in a rooms page. */
export interface RoomListEntry {
  room: string;
  /** How many members it has. */
  members: number;
  topic: string;
}

/** rooms: one page of the room list in name order; `next` is the cursor of the following page (null on the last). */
export interface RoomsReply extends OkBase<'rooms'> {
  rooms: RoomListEntry[];
  /** Paged: absent from older servers. */
  hasMore?: boolean;
  /** Paged: absent from older servers. */
  next?: string | null;
}

/** members: one page of a room's members in nick order; `next` is the following page's cursor (null on the last). */
export interface MembersReply extends OkBase<'members'> {
  room: string;
  members: string[];
  /** Paged: absent from older servers. */
  hasMore?: boolean;
  /** Paged: absent from older servers. */
  next?: string | null;
  /** Paged: absent from older servers. */
  memberCount?: number;
}

/** topic without a topic (a read): the room's topic and who set it ('' when nobody has). */
export interface TopicReadReply extends OkBase<'topic'> {
  room: string;
  topic: string;
  by: string;
}

/** topic with a topic (a change): the room and the topic now set; everybody in the room also gets a topic event. */
export interface TopicSetReply extends OkBase<'topic'> {
  room: string;
  topic: string;
  by?: undefined;
}

/** topic: the read form (with `by`) or the set form (without). */
export type TopicReply = TopicReadReply | TopicSetReply;

/** nick: the nick now held. */
export interface NickReply extends OkBase<'nick'> {
  nick: string;
}

/**
 * history: one page in ascending seq order, for the room or the direct conversation asked (exactly one of `room`
 * and `with` is set, as in the request). `first` and `last` are the page's seq bounds, null when it is empty.
 */
export interface HistoryReply extends OkBase<'history'> {
  room?: string;
  /** A direct conversation: the other user's nick. */
  with?: string;
  messages: (ChatEvent | DmEvent)[];
  first: number | null;
  last: number | null;
  /** Whether another page lies further in the same direction. */
  hasMore: boolean;
}

/** quit: nothing beside re; the server closes the connection next. */
export type QuitReply = OkBase<'quit'>;

/**
 * The /echo dialect's answer (never sent on the native wire, which answers ping with pong): the JSON value it
 * received, which that dialect's encoder sends back as {"echo": value}.
 */
export interface EchoReply extends OkBase<'ping'> {
  echo: unknown;
}

/** A success reply, discriminated on `re`. */
export type OkMessage =
  | JoinroomReply
  | LeaveroomReply
  | RoomsReply
  | MembersReply
  | TopicReply
  | NickReply
  | HistoryReply
  | QuitReply
  | EchoReply;

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

/**
 * What each request action gets back when it succeeds: an ok reply for most; the welcome for connect, the sender's
 * own copy of the message for chat and dm, pong for ping, and nothing for pong. Its keys are the client actions
 * (messages.ts checks that they match).
 */
export interface OkReplies {
  connect: WelcomeMessage;
  nick: NickReply;
  joinroom: JoinroomReply;
  leaveroom: LeaveroomReply;
  chat: ChatEvent;
  dm: DmEvent;
  rooms: RoomsReply;
  members: MembersReply;
  topic: TopicReply;
  history: HistoryReply;
  ping: PongMessage;
  pong: never;
  quit: QuitReply;
}

/** The success answer to a request of action A. */
export type OkReplyOf<A extends keyof OkReplies> = OkReplies[A];

/** The `action` of each request's success answer (null: none comes). */
const ANSWER_ACTION: { readonly [A in keyof OkReplies]: ServerMessage['action'] | null } = {
  connect: 'welcome',
  nick: 'ok',
  joinroom: 'ok',
  leaveroom: 'ok',
  chat: 'chat',
  dm: 'dm',
  rooms: 'ok',
  members: 'ok',
  topic: 'ok',
  history: 'ok',
  ping: 'pong',
  pong: null,
  quit: 'ok',
};

/**
 * Whether a message is the kind of answer a request of this action gets (its action, and for ok its `re`). Checks
 * the kind only, not every field: the server is trusted to send the shape its kind declares.
 */
export function isReplyTo<A extends keyof OkReplies>(
  action: A,
  message: ServerMessage,
): message is OkReplyOf<A> {
  if (message.action !== ANSWER_ACTION[action]) return false;
  return message.action !== 'ok' || message.re === action;
}
