// The chat demo's dialect (PROTOCOLS.md §1): uint32-LE frames of JSON, usually over TLS. The client sends
// {"action":"join"|"leave","room":R} and chat lines {"room":R,"msg":M}, and shows every {"room","msg"} it receives
// (the msg only). It shares native's framing, so its first frame tells it apart (isChatDemoFrame).
// Its requests are native ones (joinroom, leaveroom, chat); an error's `re` on its wire is the demo's own action,
// which travels as the request's id (join, leave; none for a line), so native action names never show.
import type { ServerMessage } from '../../protocol/index.js';
import type { Dialect, DialectContext, DialectHost, DialectSession } from './dialect.js';
import { decodeJson, encodeJson, isRecord, readJson } from './native.js';

/** The room of notices that concern no single room (a nick change, a quit, shutdown): the client needs one. */
const ANY_ROOM = '*';

/** Whether a first uint32 frame is the chat demo's: a join or leave, or a {room, msg} line (never native). */
export function isChatDemoFrame(payload: Uint8Array): boolean {
  const decoded = decodeJson(payload);
  if (!decoded.ok || !isRecord(decoded.value)) return false;
  const value = decoded.value;
  if (value.action === 'join' || value.action === 'leave') return true;
  return value.action === undefined && Object.hasOwn(value, 'room') && Object.hasOwn(value, 'msg');
}

/** A line the demo's GUI shows: it displays any object with room and msg, so presence is told that way too. */
function notice(room: string, msg: string, detail: Record<string, unknown>): Uint8Array {
  return encodeJson({ room, msg, ...detail }, 4);
}

function encode(message: ServerMessage): Uint8Array | null {
  switch (message.action) {
    case 'chat':
      return encodeJson({ room: message.room, msg: message.message, from: message.from }, 4);
    case 'dm':
      // A direct message has no room: "@sender" files it apart from the rooms. The demo cannot send one, so a
      // demo session only ever holds the recipient's copy (which, like every single-session send, has self set).
      return notice(`@${message.from}`, message.message, { from: message.from, to: message.to });
    case 'join':
      return notice(message.room, `${message.nick} joined`, { event: 'join', nick: message.nick });
    case 'part':
      return notice(message.room, `${message.nick} left`, { event: 'part', nick: message.nick });
    case 'quit': {
      const why = message.reason === 'quit' ? '' : ` (${message.reason})`;
      return notice(ANY_ROOM, `${message.nick} quit${why}`, {
        event: 'quit',
        nick: message.nick,
        rooms: message.rooms,
      });
    }
    case 'nick':
      return notice(ANY_ROOM, `${message.old} is now known as ${message.nick}`, {
        event: 'nick',
        old: message.old,
        nick: message.nick,
      });
    case 'topic':
      return notice(message.room, `${message.by} set the topic: ${message.topic}`, {
        event: 'topic',
        topic: message.topic,
        by: message.by,
      });
    case 'shutdown':
      return notice(ANY_ROOM, message.message, { event: 'shutdown' });
    case 'error':
      // No room and no msg: the GUI ignores it, a program can read it.
      return encodeJson(
        {
          action: 'error',
          code: message.code,
          message: message.message,
          ...(message.id !== undefined ? { re: message.id } : {}),
        },
        4,
      );
    default:
      // welcome, ok, replayed, ping, pong: the demo never asks for them and has no form for them.
      return null;
  }
}

class ChatDemoSession implements DialectSession {
  constructor(private readonly host: DialectHost) {}

  open(): void {
    // The demo has no nickname; a guest name lets the other dialects show who spoke.
    if (this.host.request({ action: 'connect' }) === 'refused') this.host.end('error');
  }

  receive(payload: Uint8Array): void {
    const decoded = readJson(this.host, payload);
    if (!decoded) return;
    const value = decoded.value;
    if (!isRecord(value)) {
      this.host.sendError(
        'invalid_message',
        'a message must be a JSON object: {"action":"join","room":R} or {"room":R,"msg":M}',
      );
      return;
    }
    const { action, room, msg } = value;
    const re = typeof action === 'string' ? action.slice(0, 40) : undefined;
    if (action !== undefined && action !== 'join' && action !== 'leave') {
      this.host.sendError(
        'unknown_action',
        'the chat demo knows join, leave and {"room":R,"msg":M} only',
        re,
      );
      return;
    }
    if (typeof room !== 'string') {
      this.host.sendError('invalid_message', 'room must be a string', re);
      return;
    }
    if (action === 'join') this.host.request({ action: 'joinroom', room, id: 'join' });
    else if (action === 'leave') this.host.request({ action: 'leaveroom', room, id: 'leave' });
    else if (typeof msg !== 'string') this.host.sendError('invalid_message', 'msg must be a string');
    else this.host.request({ action: 'chat', room, message: msg });
  }
}

/** The chat demo's dialect over uint32-LE frames (plain TCP or TLS). */
export function chatDemoDialect(_context: DialectContext): Dialect {
  return {
    name: 'chat-demo',
    answersPing: false,
    encode,
    attach: (host) => new ChatDemoSession(host),
  };
}
