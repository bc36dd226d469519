// The asyncio tutorial case study's dialect (PROTOCOLS.md §2): uint24-LE frames of JSON. Its four actions (connect,
// joinroom, leaveroom, chat) are native actions, so inbound messages go through the native parser and commands.
// Outbound differs: the tutorial's client prints `${msg['from']}: ${msg['message']}` for every frame and fails on
// a frame without them, so everything sent here carries both; replies and errors come from SERVER.
import type { ServerMessage } from '../../protocol/index.js';
import type { Dialect, DialectContext, DialectHost, DialectSession } from './dialect.js';
import { encodeJson, isRecord, readJson, requestValue } from './native.js';

/** The `from` of the server's own replies: '*' is not allowed in a nick, so no user can look like it. */
export const SERVER = '*server*';

function frame(message: Record<string, unknown>): Uint8Array {
  try {
    return encodeJson(message, 3);
  } catch (error) {
    // A reply past 16 MiB (a history page under a huge --max-outbound) has no uint24 length: say so instead.
    if (!(error instanceof RangeError)) throw error;
    return encodeJson(
      {
        action: 'error',
        code: 'frame_too_large',
        from: SERVER,
        message: 'the reply does not fit a uint24 frame',
      },
      3,
    );
  }
}

/** Bits of a reply that tie it to its request, when the client used native request ids. */
function idOf(message: { id?: string | number }): { id?: string | number } {
  return message.id !== undefined ? { id: message.id } : {};
}

/** What a success reply says, for a human reading `from: message`. */
function okText(message: Extract<ServerMessage, { action: 'ok' }>): string {
  switch (message.re) {
    case 'joinroom':
      return `you joined ${message.room}; here: ${message.members.join(', ')}`;
    case 'leaveroom':
      return `you left ${message.room}`;
    default:
      return `ok: ${message.re}`;
  }
}

function encode(message: ServerMessage): Uint8Array | null {
  switch (message.action) {
    case 'chat':
      // Exactly the tutorial's broadcast, sender included.
      return frame({
        action: 'chat',
        room: message.room,
        message: message.message,
        from: message.from,
        ...idOf(message),
      });
    case 'dm':
      return frame({
        action: 'dm',
        from: message.from,
        to: message.to,
        message: message.message,
        ...idOf(message),
      });
    case 'join':
      return frame({
        action: 'joinroom',
        room: message.room,
        from: message.nick,
        message: `joined ${message.room}`,
      });
    case 'part':
      return frame({
        action: 'leaveroom',
        room: message.room,
        from: message.nick,
        message: `left ${message.room}`,
      });
    case 'quit':
      return frame({
        action: 'quit',
        rooms: message.rooms,
        reason: message.reason,
        from: message.nick,
        message: message.reason === 'quit' ? 'quit' : `quit (${message.reason})`,
      });
    case 'nick':
      return frame({
        action: 'nick',
        old: message.old,
        nick: message.nick,
        from: message.old,
        message: `is now known as ${message.nick}`,
      });
    case 'topic':
      return frame({
        action: 'topic',
        room: message.room,
        topic: message.topic,
        from: message.by,
        message: `set the topic of ${message.room}: ${message.topic}`,
      });
    case 'welcome':
      return frame({
        action: 'connect',
        username: message.nick,
        from: SERVER,
        message: `connected as ${message.nick}`,
        ...idOf(message),
      });
    case 'ok':
      return frame({ ...message, from: SERVER, message: okText(message) });
    case 'error':
      return frame({ ...message, from: SERVER });
    case 'shutdown':
      return frame({ action: 'shutdown', from: SERVER, message: message.message });
    case 'pong':
      return frame({ action: 'pong', from: SERVER, message: 'pong', ...idOf(message) });
    default:
      // replayed has nothing to print; ping is never sent (answersPing is false).
      return null;
  }
}

class CaseStudySession implements DialectSession {
  constructor(private readonly host: DialectHost) {}

  receive(payload: Uint8Array): void {
    const decoded = readJson(this.host, payload);
    if (!decoded) return;
    if (!isRecord(decoded.value)) {
      // The tutorial's client sends what the user types as a bare JSON string: say so, and keep serving.
      this.host.sendError(
        'invalid_message',
        'a message must be a JSON object such as {"action":"chat","room":R,"message":M}; skipped',
      );
      return;
    }
    requestValue(this.host, decoded.value);
  }
}

/** The case study's dialect over uint24-LE frames. Its actions are native ones: it asks nothing of the server. */
export function caseStudyDialect(_context: DialectContext): Dialect {
  return {
    name: 'case-study',
    answersPing: false,
    replaysHistory: true,
    encode,
    attach: (host) => new CaseStudySession(host),
  };
}
