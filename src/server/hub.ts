// The chat rules: who is connected, which rooms exist, who is in them, and what each change tells whom.
import type { Logger } from 'pino';
import { withId } from '../protocol/index.js';
import type {
  ChatEvent,
  ClientMessage,
  DmEvent,
  QuitReason,
  RequestId,
  ServerMessage,
} from '../protocol/index.js';
import type { Store } from '../store/types.js';
import type { CommandHub, Sender } from './commands/command.js';
import { dispatch } from './commands/table.js';
import type { ServerConfig } from './config.js';
import { conversationId } from './conversation.js';
import { ChatError } from './errors.js';
import { Liveness } from './liveness.js';
import { checkText, senderKey } from './message-text.js';
import { Nicknames } from './nicknames.js';
import { Outbound } from './outbound.js';
import { RoomRegistry } from './rooms.js';
import type { Room } from './rooms.js';
import type { RequestOptions, RequestOutcome } from './request.js';
import type { Answer } from './seams/answer.js';
import { settle } from './seams/answer.js';
import type { Broker } from './seams/broker.js';
import type { NickClaims } from './seams/nicks.js';
import type { Presence } from './seams/presence.js';
import type { SeamsFactory } from './seams/seams.js';
import type { Session, SessionHost } from './session.js';
import { Stats } from './stats.js';
import { tellQuit } from './quit.js';
import { Welcomes } from './welcome.js';

/**
 * The state of one server: sessions, nicks, rooms, and the store that keeps messages. Requests enter through
 * dispatch (the command table), which checks their preconditions and hands the methods below what it found.
 */
export class Hub implements SessionHost, CommandHub {
  readonly sessions = new Set<Session>();
  /** This node's rooms and members, both ways: only the hub changes them. */
  readonly rooms = new RoomRegistry<Session>();
  readonly stats = new Stats();
  /** Rooms and members server-wide (this node's registry when it runs alone). */
  readonly presence: Presence;
  private readonly nicks: NickClaims<Session>;
  private readonly nicknames: Nicknames;
  private readonly broker: Broker<Session>;
  private readonly liveness: Liveness;
  private readonly welcomes: Welcomes;
  private closing = false;

  constructor(
    readonly config: ServerConfig,
    readonly store: Store,
    readonly log: Logger,
    /** Picks the server-wide seams (nick claims, presence, event fan-out): main.ts chooses local or cluster. */
    seams: SeamsFactory<Session>,
  ) {
    const chosen = seams({ rooms: this.rooms, stats: this.stats });
    this.nicks = chosen.nicks;
    this.presence = chosen.presence;
    this.broker = chosen.broker;
    this.nicknames = new Nicknames(this.nicks, config.limits.maxNickChars);
    this.liveness = new Liveness(this.sessions, config);
    this.welcomes = new Welcomes(config);
  }

  /** Whether the server is shutting down (new connections are refused). */
  get isClosing(): boolean {
    return this.closing;
  }

  /** Add a session for a new connection. */
  open(session: Session): void {
    this.sessions.add(session);
  }

  /** The one door: run a client message as a session through the command table. */
  dispatch(session: Session, message: ClientMessage, options?: RequestOptions): RequestOutcome {
    return dispatch(this, session, message, options);
  }

  /** The session that holds a nick, if any. */
  findNick(nick: string): Answer<Session | undefined> {
    return this.nicks.find(nick);
  }

  /** Whether a nick, or one that looks like it, is held by a session other than `self`. */
  nickTaken(nick: string, self?: Session): Answer<boolean> {
    return this.nicks.taken(nick, self);
  }

  /** Give a session its nick: the requested one, or a generated guest name (at once with local nick claims). */
  identify(session: Session, requested: string | undefined): Answer<Sender> {
    if (session.identified) throw new ChatError('already_connected');
    return settle(requested ?? this.nicknames.guest(), (nick) =>
      settle(this.nicknames.claim(session, nick), (nickKey) => {
        this.log.debug({ session: session.id, nick, dialect: session.dialect.name }, 'identified');
        return { session, nick, nickKey };
      }),
    );
  }

  /** The welcome message for an identified session. */
  welcome(who: { readonly nick: string }, id?: RequestId): ServerMessage {
    return this.welcomes.message(who, id);
  }

  /** The welcome as an Outbound made from the tail encoded once (every connection gets one). */
  welcomeOut(who: { readonly nick: string }, id?: RequestId): Outbound {
    return this.welcomes.outbound(who, id);
  }

  /** Change a sender's nick and tell everyone who shares a room with it (and itself). */
  rename(sender: Sender, nick: string): Answer<void> {
    const { session, nick: old, nickKey: oldKey } = sender;
    if (old === nick) return;
    return settle(this.nicknames.claim(session, nick), () => {
      this.rooms.renamed(session, oldKey);
      this.toCompanions(session, { action: 'nick', old, nick }, true);
    });
  }

  /**
   * Add a sender to a room (created if new) and tell the other members; a room it is in already is returned as
   * it is. The table has checked the name, the room quota and the join rate, for every dialect.
   */
  join(sender: Sender, name: string): { room: Room<Session>; added: boolean } {
    const { session } = sender;
    const existing = this.rooms.get(name);
    if (existing?.members.has(session)) return { room: existing, added: false };
    const room = existing ?? this.rooms.getOrCreate(name);
    this.rooms.add(room, session);
    this.broadcast(room, { action: 'join', room: room.name, nick: sender.nick }, session);
    return { room, added: true };
  }

  /** Remove a sender from a room it is in (the table found it) and tell the others. */
  part(sender: Sender, room: Room<Session>): void {
    const { session } = sender;
    session.holdFor(room.name)?.abort(); // a replay in progress for the room stops with the membership
    this.rooms.remove(room, session);
    this.broadcast(room, { action: 'part', room: room.name, nick: sender.nick });
  }

  /** Store a room message, then deliver it: shared bytes to the members, the sender's copy with its request id. */
  async say(
    sender: Sender,
    room: Room<Session>,
    text: string,
    key: string | undefined,
    id?: RequestId,
  ): Promise<void> {
    const { session } = sender;
    checkText(this.config.limits, text, key);
    const { message, duplicate } = await this.store.append({
      target: room.name,
      kind: 'room',
      from: sender.nick,
      text,
      ...senderKey(sender, key),
    });
    const event: ChatEvent = {
      action: 'chat',
      room: room.name,
      message: message.text,
      from: message.from,
      mid: message.mid,
      seq: message.seq,
      ts: message.ts,
    };
    const out = new Outbound(event);
    this.deliverOwn(session, out, duplicate, id);
    if (!duplicate) {
      this.stats.messages++;
      this.fanOut(room, out, session);
    }
  }

  /** Store a direct message, then deliver it to the recipient and the sender's copy to the sender. */
  async direct(
    sender: Sender,
    to: string,
    text: string,
    key: string | undefined,
    id?: RequestId,
  ): Promise<void> {
    const { session, nick: from } = sender;
    const found = this.findNick(to);
    const recipient = found instanceof Promise ? await found : found; // no extra tick when the answer is known
    const toNick = recipient?.nick ?? null;
    if (!recipient || toNick === null) throw new ChatError('no_such_user', `nobody is called ${to}`);
    checkText(this.config.limits, text, key);
    const { message, duplicate } = await this.store.append({
      target: conversationId(from, toNick),
      kind: 'dm',
      from,
      to: toNick,
      text,
      ...senderKey(sender, key),
    });
    const event: DmEvent = {
      action: 'dm',
      from: message.from,
      to: message.to ?? toNick,
      message: message.text,
      mid: message.mid,
      seq: message.seq,
      ts: message.ts,
    };
    const out = new Outbound(event);
    this.deliverOwn(session, out, duplicate, id);
    if (!duplicate && recipient !== session) {
      this.stats.messages++;
      void this.broker.toUser(recipient, out);
    }
  }

  /** Store a room's topic (the table checked its length), then tell every member, the setter included. */
  async setTopic(sender: Sender, room: Room<Session>, topic: string): Promise<void> {
    const by = sender.nick;
    await this.store.setTopic({ room: room.name, topic, by, ts: Date.now() });
    this.rooms.setTopic(room.name, topic, by);
    this.broadcast(room, { action: 'topic', room: room.name, topic, by });
  }

  /** Send a message to every member of a room, encoded once per dialect; except skips one member. */
  broadcast(room: Room<Session>, message: ServerMessage, except?: Session): void {
    this.fanOut(room, new Outbound(message), except);
  }

  /** Publish one outbound message for a room: every member but one gets its shared bytes, on every node. */
  private fanOut(room: Room<Session>, out: Outbound, except?: Session): void {
    void this.broker.toRoom(room.name, out, except);
  }

  /** A session's connection ended: free its nick, leave its rooms, tell its companions why. */
  sessionEnded(session: Session, reason: QuitReason): void {
    if (!this.sessions.delete(session)) return;
    this.stats.disconnect(reason);
    if (session.nick !== null) {
      if (this.rooms.roomsOf(session).size > 0 && !this.closing)
        tellQuit(this.rooms, session, session.nick, reason);
      void this.nicks.release(session);
    }
    this.rooms.removeAll(session);
    this.log.debug({ session: session.id, nick: session.nick, reason }, 'session ended');
  }

  /** Tell every session the server is going down and close them all; resolves when all are closed or time is up. */
  async shutdown(): Promise<void> {
    this.closing = true;
    this.liveness.stop();
    const out = new Outbound({ action: 'shutdown', message: 'the server is shutting down' });
    const sessions = [...this.sessions];
    for (const session of sessions) {
      session.deliver(out);
      session.end('shutdown');
    }
  }

  /** Stop timers; the hub is unusable afterwards. */
  dispose(): void {
    this.liveness.stop();
  }

  /** The sender's own copy (its acknowledgement): the event with its request id, spliced onto the shared text. */
  private deliverOwn(session: Session, out: Outbound, duplicate: boolean, id?: RequestId): void {
    const own = out.extend(duplicate ? { ...withId(id), duplicate: true } : withId(id));
    // While the sender replays the room, its ack waits behind the replay so the room's events stay in order.
    if (own.room !== undefined && session.holdFor(own.room)?.takesOwn(own.message)) return;
    session.sendOutbound(own);
  }

  /** Send once to every session that shares a room with this one; withSelf adds the session itself. */
  private toCompanions(session: Session, message: ServerMessage, withSelf: boolean): void {
    void this.broker.toCompanions(session, new Outbound(message), withSelf);
  }
}
