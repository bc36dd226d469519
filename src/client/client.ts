// ChatClient: the SDK's one public class. It connects, stays connected, and hides every reconnect from the
// application: rooms are rejoined and resumed, messages arrive once and in order, sends are queued and delivered once.
import type { Limits } from '../protocol/limits.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import { ClientCore } from './core.js';
import type { Request } from './core.js';
import { Emitter } from './emitter.js';
import { toDirectMessage } from './events.js';
import type { Listener } from './emitter.js';
import { ClientError } from './errors.js';
import type { Outgoing } from './outbox.js';
import { LIST_MAX, collectPages, pageQuery, toPage } from './pages.js';
import { toRoomMessage } from './rooms.js';
import { defaultTransport } from './transport.js';
import type { TlsOptions, TransportFactory } from './transport-types.js';
import type {
  Ack,
  ChatClientEvents,
  ConnectionState,
  HistoryPage,
  HistoryQuery,
  JoinResult,
  ListPage,
  RoomInfo,
  RoomSummary,
  TopicInfo,
} from './types.js';
import type { ClientAction } from '../protocol/messages.js';
import type { OkReplyOf } from '../protocol/replies.js';

/** How to reach the server and how to behave when it goes away. */
export interface ChatClientOptions {
  /** ws://host:8080/ws, wss://…, tcp://host:9011 or tls://host:9011 (TCP and TLS in Node only). */
  url: string | URL;
  /** The nick to ask for; without one the server picks a guest nick, which is then kept across reconnects. */
  nick?: string;
  /** Rooms to join on connect. */
  rooms?: string[];
  /** Reconnect with full-jitter backoff (the default), with other delays, or never (false). */
  reconnect?:
    | boolean
    | (Partial<BackoffOptions> & { /** For tests: the jitter's random source. */ random?: () => number });
  /** Watchdog interval: a ping after this much silence, a disconnect after twice. Default: from the server's heartbeat, at most 15 s. */
  pingIntervalMs?: number;
  /** Most messages waiting for an acknowledgement (queued while offline or in flight). Default 1000. */
  maxQueue?: number;
  /** Certificates for wss:// and tls:// (Node only). */
  tls?: TlsOptions;
  /** Replace the transport (for instance to wrap one); the default handles ws, wss, tcp and tls. */
  transport?: TransportFactory;
  /** How long close() waits for the server to close its side. Default 2 s. */
  closeTimeoutMs?: number;
}

const SCHEMES = new Set(['ws:', 'wss:', 'tcp:', 'tls:']);

/** A chat client that survives disconnects. */
export class ChatClient {
  /** The server's URL. */
  readonly url: URL;
  private readonly events = new Emitter<ChatClientEvents>();
  private readonly core: ClientCore;

  constructor(options: ChatClientOptions) {
    this.url = new URL(options.url);
    if (!options.transport && !SCHEMES.has(this.url.protocol)) {
      throw new TypeError(`unsupported URL scheme ${this.url.protocol} (use ws:, wss:, tcp: or tls:)`);
    }
    const reconnect = options.reconnect ?? true;
    const custom = typeof reconnect === 'object' ? reconnect : {};
    this.core = new ClientCore(
      {
        url: this.url,
        transport: options.transport ?? defaultTransport,
        transportOptions: { maxFrameBytes: 64 * 1024 * 1024, ...(options.tls ? { tls: options.tls } : {}) },
        reconnect: reconnect === false ? null : { ...DEFAULT_BACKOFF, ...stripRandom(custom) },
        random: custom.random ?? Math.random,
        pingIntervalMs: options.pingIntervalMs ?? 10_000,
        closeTimeoutMs: options.closeTimeoutMs ?? 2000,
      },
      this.events,
      options.nick,
      options.maxQueue ?? 1000,
      options.pingIntervalMs,
    );
    for (const room of options.rooms ?? []) this.core.join(room).catch(() => undefined);
  }

  /** The connection's state. */
  get state(): ConnectionState {
    return this.core.machine.state;
  }

  /** Our nick: the one asked for until the server confirms one. */
  get nick(): string | undefined {
    return this.core.nick;
  }

  /** The server's name and version, once connected. */
  get server(): string | undefined {
    return this.core.welcome?.server;
  }

  /** The room the server suggests to clients that have none in mind (its --default-room), once connected. */
  get defaultRoom(): string | undefined {
    return this.core.welcome?.defaultRoom;
  }

  /** The server's limits, once connected. */
  get limits(): Limits | undefined {
    return this.core.limits;
  }

  /** Messages waiting for an acknowledgement. */
  get queued(): number {
    return this.core.outbox.size;
  }

  /** Listen to an event; returns a function that stops listening. */
  on<K extends keyof ChatClientEvents>(event: K, listener: Listener<ChatClientEvents[K]>): () => void {
    return this.events.on(event, listener);
  }

  /** Stop listening. */
  off<K extends keyof ChatClientEvents>(event: K, listener: Listener<ChatClientEvents[K]>): void {
    this.events.off(event, listener);
  }

  /** Start connecting; resolves once connected (retrying meanwhile), rejects if the client closes first or the server refuses our nick. */
  connect(): Promise<void> {
    if (this.state === 'closed') return Promise.reject(closedError());
    if (this.state === 'connected') return Promise.resolve();
    const connected = this.core.waitConnected();
    this.core.machine.start();
    return connected;
  }

  /** Try to reconnect now instead of waiting for the backoff delay (when disconnected). */
  reconnectNow(): void {
    this.core.machine.reconnectNow();
  }

  /** Join a room (now, or as soon as connected); it is rejoined and resumed after every reconnect. */
  join(room: string): Promise<JoinResult> {
    if (this.state === 'closed') return Promise.reject(closedError());
    const info = this.core.rooms.info(room);
    if (info?.joined) {
      return Promise.resolve({
        room,
        topic: info.topic,
        members: info.members,
        memberCount: info.memberCount,
      });
    }
    return this.core.join(room);
  }

  /** Leave a room; it is not rejoined. */
  async leave(room: string): Promise<void> {
    if (this.state === 'closed') throw closedError();
    const joined = this.core.rooms.info(room)?.joined === true;
    const wanted = this.core.rooms.has(room);
    this.core.forget(room);
    if (wanted) this.events.emit('room', { kind: 'left', room });
    if (joined && this.core.identified) await this.core.call({ action: 'leaveroom', room });
  }

  /** Say something in a room. Queued while offline; resolves with the server's acknowledgement. */
  send(room: string, text: string): Promise<Ack> {
    return this.enqueue({ kind: 'chat', room, text });
  }

  /** Send a direct message to a nick. Queued while offline; resolves with the server's acknowledgement. */
  sendDirect(to: string, text: string): Promise<Ack> {
    return this.enqueue({ kind: 'dm', to, text });
  }

  /** Change nick; kept across reconnects. */
  async setNick(nick: string): Promise<string> {
    await this.request({ action: 'nick', nick });
    this.core.nick = nick;
    return nick;
  }

  /** Who is in a room, in nick order: every page the server gives, up to `max` nicks. */
  members(room: string, max = LIST_MAX): Promise<string[]> {
    return collectPages((after) => this.membersPage(room, after), max);
  }

  /** One page of a room's members, after the nick `after` (a previous page's `next`). */
  async membersPage(room: string, after?: string, limit?: number): Promise<ListPage<string>> {
    const ok = await this.request({ action: 'members', room, ...pageQuery(after, limit) });
    return toPage(ok.members, ok);
  }

  /** The rooms that exist on the server, in name order: every page the server gives, up to `max` rooms. */
  listRooms(max = LIST_MAX): Promise<RoomSummary[]> {
    return collectPages((after) => this.roomsPage(after), max);
  }

  /** One page of the server's rooms, after the room `after` (a previous page's `next`). */
  async roomsPage(after?: string, limit?: number): Promise<ListPage<RoomSummary>> {
    const ok = await this.request({ action: 'rooms', ...pageQuery(after, limit) });
    return toPage(ok.rooms, ok);
  }

  /** A room's topic and who set it. */
  async topic(room: string): Promise<TopicInfo> {
    const ok = await this.request({ action: 'topic', room });
    return { room, topic: ok.topic, by: ok.by ?? '' };
  }

  /** Set a room's topic. */
  async setTopic(room: string, topic: string): Promise<void> {
    await this.request({ action: 'topic', room, topic });
  }

  /** A page of a room's or a direct conversation's history, oldest first; hasMore when the server holds more. */
  async history(query: HistoryQuery): Promise<HistoryPage> {
    const ok = await this.request({ action: 'history', ...query });
    const nick = this.core.nick;
    return {
      messages: ok.messages.map((m) =>
        m.action === 'chat' ? toRoomMessage(m, nick) : toDirectMessage(m, nick),
      ),
      hasMore: ok.hasMore,
    };
  }

  /** The rooms this client is in (or will rejoin), in the order they were joined. */
  rooms(): string[] {
    return this.core.rooms.names();
  }

  /** What the client knows about one of its rooms. */
  room(name: string): RoomInfo | undefined {
    return this.core.rooms.info(name);
  }

  /** Say goodbye (the others see a quit), close the connection, stop every timer; unsent messages fail. */
  close(reason?: string): Promise<void> {
    if (this.state !== 'closed') this.core.failAll(closedError());
    const goodbye = JSON.stringify({ action: 'quit', ...(reason ? { reason: reason.slice(0, 200) } : {}) });
    return this.core.machine.close(goodbye);
  }

  private enqueue(message: Outgoing): Promise<Ack> {
    if (this.state === 'closed') return Promise.reject(closedError());
    return this.core.outbox.add(message);
  }

  private request<A extends ClientAction>(message: Request<A>): Promise<OkReplyOf<A>> {
    if (this.state === 'closed') return Promise.reject(closedError());
    if (this.state !== 'connected') {
      return Promise.reject(new ClientError('disconnected', 'not connected to the server right now'));
    }
    return this.core.call(message);
  }
}

function closedError(): ClientError {
  return new ClientError('closed', 'the client is closed');
}

function stripRandom(options: Partial<BackoffOptions> & { random?: () => number }): Partial<BackoffOptions> {
  const { random: _random, ...rest } = options;
  return rest;
}
