// aiohttp-chat (PROTOCOLS.md §4) at /chat: JSON text frames. The server names each client User<number> and puts it
// in room Default; set_nick, join_room, chat_message and user_list answer {"action", "success", "message"}. A client
// is in exactly one room at a time, which its events name.
import type { NickEvent, ServerMessage } from '../../protocol/index.js';
import { ChatError } from '../errors.js';
import type { Hub } from '../hub.js';
import type { Session } from '../session.js';
import type { Dialect, DialectSession } from './dialect.js';
import { attempt, isRecord, refuseAndClose, takeToken } from './guard.js';
import { encodeJson, readJson } from './native.js';

/** The room every aiohttp-chat client starts in. */
export const AIOHTTP_DEFAULT_ROOM = 'Default';
/** aiohttp-chat's bounds for nicks and room names, checked before parley's own rules. */
const MIN_NAME = 3;
const MAX_NAME = 20;
/** Random User<number> names tried before giving up (the space is large; the bound keeps the loop finite). */
const NAME_TRIES = 200;

/**
 * A nick change narrowed to the recipient's room. The hub tells a nick change once per companion, without a room;
 * aiohttp-chat's nick_changed names the room, and a client's one room is the one it shares with the renamer.
 */
type RoomNickEvent = NickEvent & { room?: string };

function frame(message: Record<string, unknown>): Uint8Array {
  return encodeJson(message, 0);
}

function encode(message: ServerMessage, self: boolean): Uint8Array | null {
  switch (message.action) {
    case 'welcome':
      return frame({ action: 'connecting', room: AIOHTTP_DEFAULT_ROOM, user: message.nick });
    case 'join':
      return frame({ action: 'joined', room: message.room, user: message.nick });
    case 'part':
      return frame({ action: 'left', room: message.room, user: message.nick, shame: false });
    case 'quit':
      // Narrowed to one room by wants(); shame tells a clean close from a connection that died.
      if (message.rooms.length !== 1) return null;
      return frame({
        action: 'left',
        room: message.rooms[0],
        user: message.nick,
        shame: message.reason !== 'quit',
      });
    case 'nick': {
      const room = (message as RoomNickEvent).room;
      if (room === undefined) return null;
      return frame({ action: 'nick_changed', room, from_user: message.old, to_user: message.nick });
    }
    case 'chat':
      if (self) return frame({ action: 'chat_message', success: true, message: message.message });
      return frame({ action: 'chat_message', message: message.message, user: message.from });
    case 'dm':
      // No direct messages in aiohttp-chat: the recipient's copy (self is set on every single-session send) is
      // shown as a chat line, marked private.
      return frame({ action: 'chat_message', message: message.message, user: message.from, private: true });
    case 'ok':
      if (message.re === 'nick') return frame({ action: 'set_nick', success: true, message: '' });
      if (message.re === 'joinroom') return frame({ action: 'join_room', success: true, message: '' });
      if (message.re === 'members') {
        return frame({ action: 'user_list', success: true, room: message.room, users: message.members });
      }
      return null;
    case 'error':
      return frame({ action: message.re ?? 'error', success: false, message: message.message });
    default:
      // topic, replayed, shutdown (the close frame tells), ping and pong (WebSocket pings are the heartbeat).
      return null;
  }
}

/** A free User<number> name, four digits as in aiohttp-chat, wider once those look crowded. */
function freeName(hub: Hub): string {
  for (let i = 0; i < NAME_TRIES; i++) {
    const span = i < NAME_TRIES / 2 ? 9000 : 9_000_000;
    const name = `User${1000 + Math.floor(Math.random() * span)}`;
    if (!hub.nickTaken(name)) return name;
  }
  throw new ChatError('nick_in_use', 'no free User<number> name; connect again');
}

class AiohttpSession implements DialectSession {
  private room = AIOHTTP_DEFAULT_ROOM;

  constructor(
    private readonly hub: Hub,
    private readonly session: Session,
  ) {}

  open(): void {
    const { hub, session } = this;
    attempt(
      hub,
      session,
      () => {
        hub.identify(session, freeName(hub));
        session.send(hub.welcome(session));
        hub.join(session, this.room);
        session.send({ action: 'join', room: this.room, nick: session.nick! }); // the newcomer gets joined too
      },
      refuseAndClose(session),
    );
  }

  receive(payload: Uint8Array): void {
    const decoded = readJson(this.session, payload);
    if (!decoded) return;
    const value = decoded.value;
    if (!isRecord(value)) {
      this.session.sendError('invalid_message', 'A message must be a JSON object with an action.');
      return;
    }
    const action = value.action;
    if (action === 'set_nick') this.run(action, () => this.setNick(value.nick));
    else if (action === 'join_room') this.run(action, () => this.joinRoom(value.room));
    else if (action === 'chat_message') this.run(action, () => this.chat(value.message));
    else if (action === 'user_list') this.run(action, () => this.userList(value.room));
    else
      this.session.sendError(
        'unknown_action',
        'Not allowed.',
        undefined,
        typeof action === 'string' ? action : undefined,
      );
  }

  wants(message: ServerMessage, self: boolean): boolean {
    if (self) return true;
    if (message.action === 'nick') {
      // The renamer gets its set_nick reply, not the broadcast; the others get it with their room.
      if (message.nick !== this.session.nick)
        this.session.send({ ...message, room: this.room } as RoomNickEvent);
      return false;
    }
    if (message.action === 'quit' && message.rooms.length !== 1) {
      this.session.send({ ...message, rooms: [this.room] });
      return false;
    }
    return true;
  }

  private run(action: string, call: () => void | Promise<void>): void {
    attempt(this.hub, this.session, call, (error) =>
      this.session.sendError(error.code, error.message, undefined, action),
    );
  }

  private setNick(nick: unknown): void {
    if (typeof nick !== 'string' || nick.length < MIN_NAME || nick.length > MAX_NAME) {
      throw new ChatError('invalid_nick', 'Name must be a string and between 3-20 chars.');
    }
    const holder = this.hub.findNick(nick);
    if (holder && holder !== this.session) throw new ChatError('nick_in_use', 'Name already in use.');
    this.hub.rename(this.session, nick); // parley's own rules (characters) refuse with their reason
    this.session.send({ action: 'ok', re: 'nick', nick });
  }

  private joinRoom(room: unknown): void {
    if (typeof room !== 'string' || room.length < MIN_NAME || room.length > MAX_NAME) {
      throw new ChatError('invalid_room', 'Room name must be a string and between 3-20 chars.');
    }
    if (room === this.room) throw new ChatError('nick_in_use', 'Name already in use in this room.');
    // Join first: if parley refuses the name (spaces, say), the client stays where it was.
    const joined = this.hub.join(this.session, room).room;
    const old = this.room;
    this.room = room;
    // One move, paid for by its join: the leave spends no second token (a refused leave would strand the client).
    if (this.hub.rooms.get(old)?.members.has(this.session)) this.hub.part(this.session, old, false);
    // The native reply's shape (the types require it), though encode() turns it into a bare success.
    const members = joined.nicksPage(undefined, this.hub.config.quotas.listPage);
    this.session.send({
      action: 'ok',
      re: 'joinroom',
      room,
      topic: joined.topic,
      members: members.items,
      memberCount: joined.members.size,
      membersMore: members.hasMore,
    });
  }

  private chat(message: unknown): Promise<void> {
    if (typeof message !== 'string') throw new ChatError('invalid_message', 'Message must be a string.');
    takeToken(this.hub, this.session);
    return this.hub.say(this.session, this.room, message, undefined);
  }

  private userList(room: unknown): void {
    if (typeof room !== 'string') throw new ChatError('invalid_room', 'Room name must be a string.');
    // The first --list-page members: the tutorial protocol has no paging, and the answer must stay bounded.
    const found = this.hub.rooms.get(room);
    const page = found?.nicksPage(undefined, this.hub.config.quotas.listPage) ?? {
      items: [],
      hasMore: false,
    };
    this.session.send({
      action: 'ok',
      re: 'members',
      room,
      members: page.items,
      hasMore: page.hasMore,
      next: page.hasMore ? page.items[page.items.length - 1]! : null,
      memberCount: found?.members.size ?? 0,
    });
  }
}

/** aiohttp-chat's /chat dialect over WebSocket text frames. */
export function aiohttpDialect(hub: Hub): Dialect {
  return {
    name: 'aiohttp-chat',
    answersPing: false,
    encode,
    attach: (session) => new AiohttpSession(hub, session),
  };
}
