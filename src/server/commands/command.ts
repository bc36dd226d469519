// The shape of a command: the preconditions the table checks once for it, and its handler, which receives what
// those checks found (who sent it, the room it names).
import type { Logger } from 'pino';
import type { ClientAction, ClientMessageOf, RequestId } from '../../protocol/index.js';
import type { Store } from '../../store/types.js';
import type { ServerConfig } from '../config.js';
import type { Outbound } from '../outbound.js';
import type { Room, RoomRegistry } from '../rooms.js';
import type { Answer } from '../seams/answer.js';
import type { RateKind, Session } from '../session.js';

/** Who sent a request, once the table has checked that it has a nick. */
export interface Sender {
  readonly session: Session;
  readonly nick: string;
  /** The folded nick: the key under which the hub indexes it. */
  readonly nickKey: string;
}

/** A sender and the room its message names, found once by the table. */
export interface InRoom extends Sender {
  readonly room: Room<Session>;
}

/** What the commands use of the hub: the chat rules they run, and the server's config, store and log. */
export interface CommandHub {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly log: Logger;
  readonly rooms: RoomRegistry<Session>;
  /** Give a session its nick (the requested one, or a guest name). */
  identify(session: Session, requested: string | undefined): Answer<Sender>;
  /** The welcome for an identified session. */
  welcomeOut(who: { readonly nick: string }, id?: RequestId): Outbound;
  /** Change the sender's nick and tell its companions. */
  rename(sender: Sender, nick: string): Answer<void>;
  /** Put the sender in a room (made if new); a room it is in already is returned as it is. */
  join(sender: Sender, name: string): { room: Room<Session>; added: boolean };
  /** Take the sender out of a room it is in and tell the others. */
  part(sender: Sender, room: Room<Session>): void;
  /** Store and deliver a room message. */
  say(
    sender: Sender,
    room: Room<Session>,
    text: string,
    key: string | undefined,
    id?: RequestId,
  ): Promise<void>;
  /** Store and deliver a direct message. */
  direct(sender: Sender, to: string, text: string, key: string | undefined, id?: RequestId): Promise<void>;
  /** Store a room's topic and tell its members. */
  setTopic(sender: Sender, room: Room<Session>, topic: string): Promise<void>;
}

/** What a command that names a room needs of it: to exist, or to hold the sender. */
export type RoomNeed = 'exists' | 'member';

/**
 * When a request pays its rate token. 'first': before any other check, so every attempt pays (a message costs its
 * token whether or not it is delivered). 'checked': after the room is found and `costs` (if any) said it costs one.
 */
export interface Rate {
  readonly kind: RateKind;
  readonly at: 'first' | 'checked';
}

/** What a handler returns: nothing, or the promise of its asynchronous part (errors are answered by the table). */
type Handled = void | Promise<void>;

/** The part of an identified command's declaration that concerns its rate, over its handler's context. */
interface Charged<A extends ClientAction, C> {
  /** The rate bucket the command spends a token of, and when. */
  rate?: Rate;
  /**
   * The refusals that come before the token is spent (a malformed name, a full quota): they cost nothing. Returns
   * whether this request spends a token (joining a room one is in, reading a topic do not).
   */
  costs?(hub: CommandHub, ctx: C, message: ClientMessageOf<A>): boolean;
  handle(hub: CommandHub, ctx: C, message: ClientMessageOf<A>): Handled;
}

/** A command any session may send, identified or not (connect, ping, quit). */
export interface OpenCommand<A extends ClientAction> {
  needs: 'nothing';
  handle(hub: CommandHub, session: Session, message: ClientMessageOf<A>): Handled;
}

/** A command that needs a nick: its handler gets the sender. */
export interface SenderCommand<A extends ClientAction> extends Charged<A, Sender> {
  needs: 'nick';
}

/** A command that needs a nick and the room its message names: its handler gets both. */
export interface RoomCommand<A extends ClientAction> extends Charged<A, InRoom> {
  needs: 'room';
  /** What the room must be for this message. */
  room: RoomNeed | ((message: ClientMessageOf<A>) => RoomNeed);
}

/** The actions whose message names a room (`room: string`): only these can declare a room precondition. */
export type RoomAction = {
  [A in ClientAction]: ClientMessageOf<A> extends { room: string } ? A : never;
}[ClientAction];

/** One command: its preconditions and its handler. */
export type Command<A extends ClientAction> =
  OpenCommand<A> | SenderCommand<A> | (A extends RoomAction ? RoomCommand<A> : never);

/** A table with exactly one command per client action. */
export type CommandTable = { [A in ClientAction]: Command<A> };
