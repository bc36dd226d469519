// aiohttp-chat (PROTOCOLS.md §4) at /chat: JSON text frames. The server names each client User<number> and puts it
// in room Default; set_nick, join_room, chat_message and user_list answer {"action", "success", "message"}. A client
// is in exactly one room at a time, which its events name. Its requests are native ones (connect, nick, joinroom
// and leaveroom, chat, members), each with the aiohttp action it answers as its id, so that a reply, refusals
// included, is named as the client asked.
import type { ErrorCode, ErrorMessage, NickEvent, ServerMessage } from '../../protocol/index.js';
import type { Dialect, DialectContext, DialectHost, DialectSession } from './dialect.js';
import { encodeJson, isRecord, readJson } from './native.js';
import type { Answer } from '../seams/answer.js';
import { settle } from '../seams/answer.js';

/** The room every aiohttp-chat client starts in. */
export const AIOHTTP_DEFAULT_ROOM = 'Default';
/** aiohttp-chat's bounds for nicks and room names, checked before parley's own rules. */
const MIN_NAME = 3;
const MAX_NAME = 20;
/** Random User<number> names tried before giving up (the space is large; the bound keeps the loop finite). */
const NAME_TRIES = 200;
/** The id of the requests a session makes on its own at open (its name, its join of Default). */
const OPENING = 'aiohttp:open';

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
      if (message.id === OPENING) return null; // the session tells its own arrival as `joined`
      if (message.re === 'nick') return frame({ action: 'set_nick', success: true, message: '' });
      if (message.re === 'joinroom') return frame({ action: 'join_room', success: true, message: '' });
      if (message.re === 'members') {
        return frame({ action: 'user_list', success: true, room: message.room, users: message.members });
      }
      return null;
    case 'error':
      return frame({ action: refused(message), success: false, message: message.message });
    default:
      // topic, replayed, shutdown (the close frame tells), ping and pong (WebSocket pings are the heartbeat).
      return null;
  }
}

/**
 * The action a refusal answers on aiohttp's wire: the request's id (the aiohttp action it was made for; a plain
 * error at open), else what the client sent, else none.
 */
function refused(message: ErrorMessage): string {
  if (message.id === undefined) return message.re ?? 'error';
  return message.id === OPENING ? 'error' : String(message.id);
}

/** A free User<number> name, four digits as in aiohttp-chat, wider once those look crowded; null if none is. */
function freeName(context: DialectContext, tries = 0): Answer<string | null> {
  if (tries === NAME_TRIES) return null;
  const span = tries < NAME_TRIES / 2 ? 9000 : 9_000_000;
  const name = `User${1000 + Math.floor(Math.random() * span)}`;
  return settle(context.nickTaken(name), (taken) => (taken ? freeName(context, tries + 1) : name));
}

class AiohttpSession implements DialectSession {
  private room = AIOHTTP_DEFAULT_ROOM;
  /** The room of the user_list being answered (members answers at once), or null. */
  private listing: string | null = null;

  constructor(
    private readonly context: DialectContext,
    private readonly host: DialectHost,
  ) {}

  open(): void {
    void settle(freeName(this.context), (name) => this.enter(name));
  }

  /** Connect under a free name (null: none was found) and join the default room, or end the session. */
  private enter(name: string | null): void {
    const { host } = this;
    if (name === null) {
      host.sendError('nick_in_use', 'no free User<number> name; connect again');
      host.end('error');
      return;
    }
    // The welcome is told as `connecting`; a refusal of either request is a plain error, and the session ends.
    if (
      host.request({ action: 'connect', username: name, id: OPENING }) === 'refused' ||
      host.request({ action: 'joinroom', room: this.room, id: OPENING }) === 'refused' ||
      host.nick === null
    ) {
      host.end('error');
      return;
    }
    host.send({ action: 'join', room: this.room, nick: host.nick }); // the newcomer gets joined too
  }

  receive(payload: Uint8Array): void {
    const decoded = readJson(this.host, payload);
    if (!decoded) return;
    const value = decoded.value;
    if (!isRecord(value)) {
      this.host.sendError('invalid_message', 'A message must be a JSON object with an action.');
      return;
    }
    const action = value.action;
    if (action === 'set_nick') this.setNick(value.nick);
    else if (action === 'join_room') this.joinRoom(value.room);
    else if (action === 'chat_message') this.chat(value.message);
    else if (action === 'user_list') this.userList(value.room);
    else this.refuse(typeof action === 'string' ? action : undefined, 'unknown_action', 'Not allowed.');
  }

  wants(message: ServerMessage, self: boolean): boolean {
    if (self) return message.action !== 'error' || !this.listedEmpty(message);
    if (message.action === 'nick') {
      // The renamer gets its set_nick reply, not the broadcast; the others get it with their room.
      if (message.nick !== this.host.nick) this.host.send({ ...message, room: this.room } as RoomNickEvent);
      return false;
    }
    if (message.action === 'quit' && message.rooms.length !== 1) {
      this.host.send({ ...message, rooms: [this.room] });
      return false;
    }
    return true;
  }

  /** A refusal by aiohttp's own rules, before any request: named by the action the client sent. */
  private refuse(action: string | undefined, code: ErrorCode, message: string): void {
    this.host.sendError(code, message, undefined, action);
  }

  private setNick(nick: unknown): void {
    if (typeof nick !== 'string' || nick.length < MIN_NAME || nick.length > MAX_NAME) {
      this.refuse('set_nick', 'invalid_nick', 'Name must be a string and between 3-20 chars.');
      return;
    }
    void settle(this.context.findNick(nick), (holder) => {
      if (holder && holder !== this.host) {
        this.refuse('set_nick', 'nick_in_use', 'Name already in use.');
        return;
      }
      this.host.request({ action: 'nick', nick, id: 'set_nick' }); // parley's own rules refuse with their reason
    });
  }

  private joinRoom(room: unknown): void {
    if (typeof room !== 'string' || room.length < MIN_NAME || room.length > MAX_NAME) {
      this.refuse('join_room', 'invalid_room', 'Room name must be a string and between 3-20 chars.');
      return;
    }
    if (room === this.room) {
      this.refuse('join_room', 'nick_in_use', 'Name already in use in this room.');
      return;
    }
    // Join first: if parley refuses the name (spaces, say), the client stays where it was.
    if (this.host.request({ action: 'joinroom', room, id: 'join_room' }) === 'refused') return;
    const old = this.room;
    this.room = room;
    // One move, paid for by its join: the leave spends no second token (a refused leave would strand the client).
    // The session is always in its one room, so the leave cannot be refused either.
    this.host.request({ action: 'leaveroom', room: old }, { paid: true });
  }

  private chat(message: unknown): void {
    if (typeof message !== 'string') {
      this.refuse('chat_message', 'invalid_message', 'Message must be a string.');
      return;
    }
    this.host.request({ action: 'chat', room: this.room, message, id: 'chat_message' });
  }

  private userList(room: unknown): void {
    if (typeof room !== 'string') {
      this.refuse('user_list', 'invalid_room', 'Room name must be a string.');
      return;
    }
    // The first --list-page members: the tutorial protocol has no paging, and the answer must stay bounded.
    this.listing = room;
    this.host.request({ action: 'members', room, id: 'user_list' });
    this.listing = null;
  }

  /** A user_list of a room nobody is in: aiohttp-chat lists nobody, where parley refuses. Answers it; true if so. */
  private listedEmpty(error: ErrorMessage): boolean {
    if (error.id !== 'user_list' || error.code !== 'no_such_room' || this.listing === null) return false;
    this.host.send({ action: 'ok', re: 'members', room: this.listing, members: [] });
    return true;
  }
}

/** aiohttp-chat's /chat dialect over WebSocket text frames. */
export function aiohttpDialect(context: DialectContext): Dialect {
  return {
    name: 'aiohttp-chat',
    answersPing: false,
    encode,
    attach: (host) => new AiohttpSession(context, host),
  };
}
