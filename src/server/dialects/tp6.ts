// TP6 "Chat room" (PROTOCOLS.md §3): raw UTF-8 text, no framing, one room. The first message is `Hello|<pseudo>`;
// then every read is chat. The server's lines are the TP6 French ones, each ended by a newline so that lines that
// reach a client in one read (and nc's output) stay apart.
import { INVISIBLE, nickProblem, prefixEachLine } from '../../protocol/index.js';
import type { ServerMessage } from '../../protocol/index.js';
import type { Dialect, DialectContext, DialectHost, DialectSession } from './dialect.js';
import type { Answer } from '../seams/answer.js';
import { settle } from '../seams/answer.js';

const HELLO = 'Hello|';
/** The TP6 server's refusal of a first message without a pseudo; the connection closes after it. */
export const NAMETAG_REFUSAL = 'You must choose un nametag';
/** How many numbered variants of a taken pseudo are tried before a guest name is given instead. */
const MAX_VARIANTS = 100;
/** Characters a parley nick may not hold (the complement of names.ts's pattern): each run becomes one '_'. */
const NOT_IN_NICK = /[^\p{L}\p{N}_\-[\]{}|^`.]+/gu;
/** Invisible characters (letters among them, such as the Hangul fillers) are not in a nick either. */
const INVISIBLE_RUN = new RegExp(`${INVISIBLE.source}+`, 'gu');

/** The first message's parts: the pseudo (up to the first line break) and what followed it in the same read. */
export type Hello = { pseudo: string; rest: string };

/**
 * Read the first message. 'more' while the text so far could still become a hello (a split read); null when it
 * cannot. The pseudo ends at the first line break: a fast client's first chat line may share the read.
 */
export function parseHello(text: string): Hello | 'more' | null {
  if (text.length <= HELLO.length && HELLO.startsWith(text)) return 'more';
  if (!text.startsWith(HELLO)) return null;
  const after = text.slice(HELLO.length);
  const brk = /\r\n|\r|\n/.exec(after);
  if (!brk) return { pseudo: after, rest: '' };
  return { pseudo: after.slice(0, brk.index), rest: after.slice(brk.index + brk[0].length) };
}

/**
 * The parley nick for a TP6 pseudo, or null when nothing usable is left: TP6 takes any text, parley nicks hold
 * letters, digits and a little punctuation, so each run of other characters (spaces included) becomes '_'.
 */
export function nickFromPseudo(pseudo: string, maxChars: number): string | null {
  const mapped = pseudo
    .normalize('NFC')
    .trim()
    .replace(INVISIBLE_RUN, '_')
    .replace(NOT_IN_NICK, '_')
    .replace(/^_+|_+$/g, '');
  let nick = '';
  for (const char of mapped) {
    if (nick.length + char.length > maxChars) break; // whole code points only
    nick += char;
  }
  return nick.length > 0 && nickProblem(nick, maxChars) === null ? nick : null;
}

/** The chat messages in one read: each line is one, trimmed as the TP6 server does; blank ones are dropped. */
export function splitMessages(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function line(text: string): Uint8Array {
  return Buffer.from(`${text}\n`, 'utf8');
}

/**
 * User text as TP6 lines: the prefix on each of its lines, control characters made visible. Without it, a message
 * holding a newline would print a line of its own (`victim a dit : ...`) and an escape sequence would drive the
 * reader's terminal. Nicks need no such care: they hold letters, digits and a little punctuation only.
 */
function userLines(prefix: string, text: string): Uint8Array {
  return line(prefixEachLine(prefix, text));
}

function encode(message: ServerMessage, self: boolean): Uint8Array | null {
  switch (message.action) {
    case 'chat':
      // To everyone except the sender.
      return self ? null : userLines(`${message.from} a dit : `, message.message);
    case 'dm':
      // TP6 cannot send one: this is the recipient's copy (self is set on every single-session send).
      return userLines(`${message.from} a dit en privé : `, message.message);
    case 'join':
      return line(`Annonce : ${message.nick} a rejoint la chatroom`);
    case 'part':
    case 'quit':
      return line(`Annonce : ${message.nick} a quitté la chatroom`);
    case 'nick':
      return line(`Annonce : ${message.old} s'appelle maintenant ${message.nick}`);
    case 'topic':
      return userLines(`Annonce : ${message.by} a changé le sujet : `, message.topic);
    case 'error':
      if (message.code === 'invalid_nick' || message.code === 'handshake_timeout')
        return line(NAMETAG_REFUSAL);
      return userLines('Erreur : ', message.message); // an error may quote what the client sent
    default:
      // welcome, ok, replayed, ping, pong have no TP6 form; on shutdown the client sees EOF, as with TP6's server.
      return null;
  }
}

class Tp6Session implements DialectSession {
  /** Decodes across reads, so a character split between two reads arrives whole; bad bytes become U+FFFD. */
  private readonly decoder = new TextDecoder('utf-8');
  /** The text of the first message while it is too short to tell (at most "Hello|"). */
  private pending = '';
  private room: string | null = null;

  constructor(
    private readonly context: DialectContext,
    private readonly host: DialectHost,
  ) {}

  receive(payload: Uint8Array): void {
    const text = this.decoder.decode(payload, { stream: true });
    if (this.room !== null) {
      this.say(this.room, text);
      return;
    }
    const hello = parseHello(this.pending + text);
    if (hello === 'more') {
      this.pending += text;
      return;
    }
    this.pending = '';
    const nick = hello && nickFromPseudo(hello.pseudo, this.context.config.limits.maxNickChars);
    if (!hello || !nick) {
      this.host.sendError('invalid_nick', NAMETAG_REFUSAL);
      this.host.end('error');
      return;
    }
    void settle(this.free(nick), (choice) => {
      this.enter(choice);
      if (this.room !== null) this.say(this.room, hello.rest);
    });
  }

  /**
   * Take the nick (or a numbered variant when it is taken), join the room, and announce it to the newcomer too. A
   * refusal of either (its error line already sent) ends the session, as TP6's server would.
   */
  private enter(choice: { username?: string }): void {
    const room = this.context.config.defaultRoom;
    if (this.host.request({ action: 'connect', ...choice }) === 'refused') {
      this.host.end('error');
      return;
    }
    if (this.host.request({ action: 'joinroom', room }) === 'refused' || this.host.nick === null) {
      this.host.end('error');
      return;
    }
    this.room = room;
    this.host.send({ action: 'join', room, nick: this.host.nick });
  }

  /** The pseudo, or its first numbered variant that is free; none (a guest name) when every variant is taken. */
  private free(pseudo: string, n = 1): Answer<{ username?: string }> {
    if (n > MAX_VARIANTS) return {}; // every variant taken: a guest name still lets them in
    const max = this.context.config.limits.maxNickChars;
    const suffix = n === 1 ? '' : String(n);
    const nick = pseudo.slice(0, max - suffix.length) + suffix;
    if (nickProblem(nick, max) !== null) return this.free(pseudo, n + 1);
    // Taken means held, or looking like one that is held: `аlice` (Cyrillic а) beside alice gets a variant.
    return settle(this.context.nickTaken(nick), (taken) =>
      taken ? this.free(pseudo, n + 1) : { username: nick },
    );
  }

  private say(room: string, text: string): void {
    for (const message of splitMessages(text)) this.host.request({ action: 'chat', room, message });
  }
}

/** The TP6 text dialect (its own port, and the shared TCP port when the first bytes are text). */
export function tp6Dialect(context: DialectContext): Dialect {
  return {
    name: 'tp6',
    answersPing: false,
    encode,
    attach: (host) => new Tp6Session(context, host),
  };
}
