// The protocol layer of the client: identifies on every connection, rejoins and resumes rooms, matches answers
// to requests, acknowledges sends, and turns server events into the application's typed events.
// The SDK imports the protocol's modules one by one, not its index: the index brings zod into browser bundles.
import { isErrorCode } from '../protocol/errors.js';
import { jsonNestsDeeper } from '../protocol/json-depth.js';
import { PROTOCOL_VERSION } from '../protocol/limits.js';
import type { Limits } from '../protocol/limits.js';
import type { ClientAction, ClientMessageOf } from '../protocol/messages.js';
import type { ChatEvent, DmEvent, WelcomeMessage } from '../protocol/events.js';
import type { OkReplyOf, ServerMessage } from '../protocol/replies.js';
import type { Emitter } from './emitter.js';
import { handleEvent, toDirectMessage } from './events.js';
import type { EventContext } from './events.js';
import { ClientError, ServerError } from './errors.js';
import type { ParleyError } from './errors.js';
import { ConnectionMachine } from './machine.js';
import type { MachineOptions } from './machine.js';
import { Outbox } from './outbox.js';
import { PendingRequests } from './pending.js';
import type { Deferred } from './pending.js';
import { RoomTracker } from './rooms.js';
import type { ChatClientEvents, DisconnectReason, JoinResult } from './types.js';

/** A request as the SDK sends it, without the id (the core picks one). */
export type Request<A extends ClientAction> = ClientMessageOf<A> & { action: A };

/** Handshake errors that no retry can fix on the first connection. */
const FATAL_ON_FIRST_CONNECT = new Set(['invalid_nick', 'nick_in_use', 'unsupported_version']);

/** Everything below the public API of one client. */
export class ClientCore implements EventContext {
  readonly machine: ConnectionMachine;
  readonly rooms = new RoomTracker();
  readonly outbox: Outbox;
  nick: string | undefined;
  welcome: WelcomeMessage | undefined;
  /** Welcomed on the current connection. */
  identified = false;
  private everConnected = false;
  private readonly pending = new PendingRequests();
  private readonly joinWaiters = new Map<string, Deferred<JoinResult>[]>();
  private connectWaiters: Deferred<void>[] = [];
  /** Whether this attempt's URL carries the connect (WebSocket): the welcome then comes unasked, without an id. */
  private connectInUrl = false;
  /** The handshake of such an attempt, until its welcome or refusal arrives. */
  private handshake: Deferred<WelcomeMessage> | null = null;

  constructor(
    machineOptions: MachineOptions,
    readonly events: Emitter<ChatClientEvents>,
    nick: string | undefined,
    maxQueue: number,
    private readonly pingIntervalMs: number | undefined,
  ) {
    this.nick = nick;
    this.outbox = new Outbox(
      maxQueue,
      (request) => this.machine.send(JSON.stringify(request)),
      () => this.pending.newId(),
    );
    this.machine = new ConnectionMachine(machineOptions, {
      attemptUrl: (url) => this.attemptUrl(url),
      open: () => this.identify(),
      message: (text) => this.receive(text),
      ping: () => this.machine.send(JSON.stringify({ action: 'ping', id: this.pending.newId() })),
      lost: (reason, error) => this.lost(reason, error),
      state: (event) => {
        // However the client came to close, nothing may wait for it any longer.
        if (event.state === 'closed')
          this.failAll(new ClientError('closed', 'the client is closed', { cause: event.error }));
        events.emit('state', event);
      },
    });
  }

  /** The server's limits, once welcomed. */
  get limits(): Limits | undefined {
    return this.welcome?.limits;
  }

  /** Resolves on the next connection. */
  waitConnected(): Promise<void> {
    return new Promise((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
  }

  /** Send a request on the current connection and wait for its answer, typed by the request's action. */
  call<A extends ClientAction>(message: Request<A>): Promise<OkReplyOf<A>> {
    return new Promise((resolve, reject) => this.request(message, { resolve, reject }));
  }

  /**
   * Send a request whose answer is handled synchronously, in the order messages arrive: a join's answer must be
   * handled before the replay that follows it in the same read, which a promise's later turn would not be.
   */
  private request<A extends ClientAction>(message: Request<A>, handler: Deferred<OkReplyOf<A>>): void {
    const id = this.pending.newId();
    if (!this.machine.send(JSON.stringify({ ...message, id }))) {
      handler.reject(new ClientError('disconnected', 'not connected to the server'));
      return;
    }
    this.pending.expect(id, message.action, handler);
  }

  /** Join a room now (or on the next connection) and resolve when the server accepts. */
  join(room: string): Promise<JoinResult> {
    const promise = new Promise<JoinResult>((resolve, reject) => {
      const waiters = this.joinWaiters.get(room) ?? [];
      waiters.push({ resolve, reject });
      this.joinWaiters.set(room, waiters);
    });
    if (!this.rooms.has(room)) {
      this.rooms.want(room);
      if (this.identified) this.sendJoin(room, false);
    }
    return promise;
  }

  /** Forget a room; any join still waiting fails. */
  forget(room: string): void {
    this.rooms.unwant(room);
    const error = new ClientError('connection_lost', `left ${room} before the join finished`);
    for (const waiter of this.joinWaiters.get(room) ?? []) waiter.reject(error);
    this.joinWaiters.delete(room);
  }

  /** Fail everything that waits: the client is closing. */
  failAll(error: ParleyError): void {
    this.outbox.failAll(error);
    this.pending.failAll(error);
    for (const waiters of this.joinWaiters.values()) for (const waiter of waiters) waiter.reject(error);
    this.joinWaiters.clear();
    for (const waiter of this.connectWaiters.splice(0)) waiter.reject(error);
  }

  /**
   * Over WebSocket the connect rides in the upgrade URL (`?username=…&version=…`), so that the welcome comes with
   * the upgrade's answer: one round trip instead of two. TCP and TLS send the connect message.
   */
  private attemptUrl(url: URL): URL {
    this.connectInUrl = url.protocol === 'ws:' || url.protocol === 'wss:';
    if (!this.connectInUrl) return url;
    const withConnect = new URL(url.href);
    withConnect.searchParams.set('username', this.nick ?? '');
    withConnect.searchParams.set('version', String(PROTOCOL_VERSION));
    return withConnect;
  }

  private identify(): void {
    const handshake: Deferred<WelcomeMessage> = {
      resolve: (welcome) => this.welcomed(welcome),
      reject: (error: ParleyError) => {
        if (!(error instanceof ServerError)) return; // the connection is gone: the machine already knows
        if (!this.everConnected && FATAL_ON_FIRST_CONNECT.has(error.code)) {
          this.failAll(error);
          void this.machine.close(undefined, error);
        } else {
          this.machine.drop('handshake_failed', error);
        }
      },
    };
    if (this.connectInUrl) {
      this.handshake = handshake;
      return;
    }
    this.request(
      {
        action: 'connect',
        ...(this.nick !== undefined ? { username: this.nick } : {}),
        version: PROTOCOL_VERSION,
      },
      handshake,
    );
  }

  /** The unasked answer to a connect made in the URL: the welcome, or its refusal. */
  private takeHandshake(message: ServerMessage): Deferred<WelcomeMessage> | null {
    const handshake = this.handshake;
    if (handshake === null || ('id' in message && message.id !== undefined)) return null;
    const answers = message.action === 'welcome' || (message.action === 'error' && message.re === 'connect');
    if (!answers) return null;
    this.handshake = null;
    return handshake;
  }

  private welcomed(welcome: WelcomeMessage): void {
    this.welcome = welcome;
    this.nick = welcome.nick;
    this.identified = true;
    const reconnected = this.everConnected;
    this.everConnected = true;
    // Rejoins and queued messages go first, so that anything the application sends on 'connected' comes after.
    for (const room of this.rooms.names()) this.sendJoin(room, reconnected);
    this.outbox.connected();
    const interval = this.pingIntervalMs ?? Math.min(15_000, welcome.heartbeatMs);
    this.machine.connected(
      { state: 'connected', nick: welcome.nick, server: welcome.server, reconnected },
      interval,
    );
    for (const waiter of this.connectWaiters.splice(0)) waiter.resolve();
  }

  private sendJoin(room: string, rejoin: boolean): void {
    const since = this.rooms.joining(room);
    this.request(
      { action: 'joinroom', room, ...(since !== undefined ? { since } : {}) },
      {
        resolve: (ok) => {
          if (!this.rooms.has(room)) {
            // Left while the join was on its way.
            this.call({ action: 'leaveroom', room }).catch(() => undefined);
            return;
          }
          const result: JoinResult = {
            room,
            topic: ok.topic,
            members: ok.members,
            // Servers that page the join's member list say how many there are; older ones send them all.
            memberCount: ok.memberCount ?? ok.members.length,
          };
          this.rooms.joined(room, result.topic, result.members, result.memberCount);
          for (const waiter of this.joinWaiters.get(room) ?? []) waiter.resolve(result);
          this.joinWaiters.delete(room);
          this.events.emit('room', { kind: 'joined', ...result, rejoined: rejoin });
        },
        reject: (error: ParleyError) => {
          if (!(error instanceof ServerError) || !this.rooms.has(room)) return; // offline: rejoined next time
          this.rooms.unwant(room);
          const waiters = this.joinWaiters.get(room) ?? [];
          this.joinWaiters.delete(room);
          for (const waiter of waiters) waiter.reject(error);
          if (waiters.length === 0) this.events.emit('error', error);
        },
      },
    );
  }

  private lost(_reason: DisconnectReason, _error: Error | undefined): void {
    this.identified = false;
    this.handshake = null; // its answer can no longer come
    this.outbox.disconnected();
    this.pending.failAll(new ClientError('connection_lost', 'the connection to the server was lost'));
    this.rooms.disconnected();
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      // No server message nests deeply: one that does is refused before anything walks it.
      message = jsonNestsDeeper(text) ? undefined : JSON.parse(text);
    } catch {
      message = undefined;
    }
    if (
      typeof message !== 'object' ||
      message === null ||
      typeof (message as { action?: unknown }).action !== 'string'
    ) {
      this.machine.drop(
        'protocol_error',
        new ClientError('protocol_error', 'the server sent a message that is not a protocol object'),
      );
      return;
    }
    this.dispatch(message as ServerMessage);
  }

  private dispatch(message: ServerMessage): void {
    switch (message.action) {
      case 'ping':
        this.machine.send(JSON.stringify({ action: 'pong' }));
        return;
      case 'shutdown':
        this.machine.shutdownAnnounced();
        return;
      case 'chat':
        return this.chat(message);
      case 'dm':
        return this.direct(message);
      default:
        if (!handleEvent(this, message)) this.answer(message);
    }
  }

  private chat(message: ChatEvent): void {
    this.outbox.acknowledged(message);
    for (const m of this.rooms.chat(message, this.nick)) this.events.emit('message', m);
  }

  private direct(message: DmEvent): void {
    this.outbox.acknowledged(message);
    const dm = toDirectMessage(message, this.nick);
    this.events.emit('dm', dm);
  }

  private answer(message: ServerMessage): void {
    const id = 'id' in message && message.id !== undefined ? String(message.id) : undefined;
    const handshake = this.takeHandshake(message);
    if (message.action === 'error') {
      const error = new ServerError(
        isErrorCode(message.code) ? message.code : 'internal_error',
        message.message,
        message.re,
      );
      if (handshake) {
        handshake.reject(error);
        return;
      }
      if (this.outbox.failed(id, error)) return;
      if (!this.pending.refuse(id, error)) this.events.emit('error', error);
      return;
    }
    if (handshake) {
      // takeHandshake hands it over for a welcome (or an error, answered above) only.
      if (message.action === 'welcome') handshake.resolve(message);
      return;
    }
    this.pending.answer(id, message);
  }
}
